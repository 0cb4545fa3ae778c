//! The print partner's floor (Scantrust): work orders, their secure codes
//! and quality check, printing equipment and its calibration, and the
//! customer companies whose approved print jobs become work orders.

use imprimatur_core::{CompanyId, Permission, Resource, ResourceKind};
use serde::{Deserialize, Serialize};

/// The lowest calibration score (0–100) at which equipment may print codes.
pub const CALIBRATION_PASS: i32 = 80;
/// At least this share of the scanned codes (per cent) must verify for a
/// work order to pass its quality check.
pub const QA_PASS_PERCENT: i64 = 95;
/// The most codes one quality check may scan.
pub const MAX_QA_SCANS: i32 = 10_000;
/// The longest equipment name.
pub const MAX_EQUIPMENT_NAME: usize = 120;

/// Where a work order stands; archiving is apart (an archived work order
/// keeps the state it ended in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkOrderState {
    /// Arrived from an approved print job; no codes yet.
    New,
    /// Secure codes generated: ready to print and check.
    CodesReady,
    /// The last quality check failed; check again after re-calibrating.
    QaFailed,
    /// Printed and checked: done.
    QaPassed,
    Cancelled,
}

impl WorkOrderState {
    pub const ALL: [WorkOrderState; 5] = [
        WorkOrderState::New,
        WorkOrderState::CodesReady,
        WorkOrderState::QaFailed,
        WorkOrderState::QaPassed,
        WorkOrderState::Cancelled,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            WorkOrderState::New => "new",
            WorkOrderState::CodesReady => "codes_ready",
            WorkOrderState::QaFailed => "qa_failed",
            WorkOrderState::QaPassed => "qa_passed",
            WorkOrderState::Cancelled => "cancelled",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub const fn label(self) -> &'static str {
        match self {
            WorkOrderState::New => "New",
            WorkOrderState::CodesReady => "Codes ready",
            WorkOrderState::QaFailed => "Quality check failed",
            WorkOrderState::QaPassed => "Quality check passed",
            WorkOrderState::Cancelled => "Cancelled",
        }
    }

    /// Whether it has codes to download, print and check.
    pub const fn has_codes(self) -> bool {
        matches!(
            self,
            WorkOrderState::CodesReady | WorkOrderState::QaFailed | WorkOrderState::QaPassed
        )
    }

    /// Whether the printer app may check its print quality.
    pub const fn awaits_check(self) -> bool {
        matches!(self, WorkOrderState::CodesReady | WorkOrderState::QaFailed)
    }
}

/// What the work-order manager does to a work order in the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkOrderChange {
    GenerateCodes,
    Cancel,
    Archive,
}

impl WorkOrderChange {
    pub const ALL: [WorkOrderChange; 3] = [
        WorkOrderChange::GenerateCodes,
        WorkOrderChange::Cancel,
        WorkOrderChange::Archive,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            WorkOrderChange::GenerateCodes => "generate_codes",
            WorkOrderChange::Cancel => "cancel",
            WorkOrderChange::Archive => "archive",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    pub const fn label(self) -> &'static str {
        match self {
            WorkOrderChange::GenerateCodes => "Generate secure codes",
            WorkOrderChange::Cancel => "Cancel",
            WorkOrderChange::Archive => "Archive",
        }
    }

    /// The permission `core` is asked for.
    pub const fn permission(self) -> Permission {
        match self {
            WorkOrderChange::GenerateCodes => Permission::WorkOrdersGenerateSsc,
            WorkOrderChange::Cancel => Permission::WorkOrdersCancel,
            WorkOrderChange::Archive => Permission::WorkOrdersArchive,
        }
    }

    /// The state after the change, or why it does not apply. Archiving
    /// keeps the state.
    pub fn from(self, state: WorkOrderState, archived: bool) -> Result<WorkOrderState, String> {
        if archived {
            return Err("This work order is archived.".into());
        }
        use WorkOrderState as S;
        match (self, state) {
            (WorkOrderChange::GenerateCodes, S::New) => Ok(S::CodesReady),
            (WorkOrderChange::Cancel, S::New | S::CodesReady | S::QaFailed) => Ok(S::Cancelled),
            (WorkOrderChange::Archive, S::QaPassed | S::Cancelled) => Ok(state),
            (WorkOrderChange::GenerateCodes, _) => {
                Err("Secure codes were generated for this work order already.".into())
            }
            (WorkOrderChange::Cancel, _) => Err(format!(
                "A work order that is \u{201c}{}\u{201d} cannot be cancelled.",
                state.label().to_lowercase()
            )),
            (WorkOrderChange::Archive, _) => Err(
                "Only a work order that passed its quality check or was cancelled can be archived."
                    .into(),
            ),
        }
    }

    /// Whether the change applies to a work order in this state.
    pub fn applies(self, state: WorkOrderState, archived: bool) -> bool {
        self.from(state, archived).is_ok()
    }
}

/// A quality check's numbers, checked: whether it passed.
pub fn checked_qa(scanned: i32, verified: i32) -> Result<bool, String> {
    if !(1..=MAX_QA_SCANS).contains(&scanned) {
        return Err(format!(
            "Scan between 1 and {MAX_QA_SCANS} codes for a quality check."
        ));
    }
    if !(0..=scanned).contains(&verified) {
        return Err("The verified codes must be between none and all of those scanned.".into());
    }
    Ok(i64::from(verified) * 100 >= i64::from(scanned) * QA_PASS_PERCENT)
}

/// A calibration score, checked: whether the equipment passed.
pub fn checked_score(score: i32) -> Result<bool, String> {
    if !(0..=100).contains(&score) {
        return Err("A calibration score is a whole number from 0 to 100.".into());
    }
    Ok(score >= CALIBRATION_PASS)
}

/// An equipment name, trimmed and checked.
pub fn checked_equipment_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the equipment a name.".into());
    }
    if name.chars().count() > MAX_EQUIPMENT_NAME {
        return Err(format!(
            "An equipment name has at most {MAX_EQUIPMENT_NAME} characters."
        ));
    }
    Ok(name.to_string())
}

/// One work order as its lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderRow {
    pub id: i64,
    /// The print partner.
    pub company_id: i64,
    pub customer: String,
    pub order_id: i64,
    pub title: String,
    pub quantity: i32,
    pub state: WorkOrderState,
    pub archived: bool,
    /// "2026-11-23 10:15", when the codes were generated.
    pub codes_at: Option<String>,
    /// "Press 1: 98 of 100 verified, by Opal", the last quality check.
    pub qa: Option<String>,
    pub created: String,
}

impl WorkOrderRow {
    /// How `core` sees it.
    pub fn resource(&self) -> Resource {
        Resource::in_company(ResourceKind::WorkOrder, CompanyId(self.company_id)).with_id(self.id)
    }

    /// The printer app in its company, where its quality is checked.
    pub fn printer_app(&self) -> Resource {
        Resource::in_company(ResourceKind::PrinterApp, CompanyId(self.company_id))
    }
}

/// One piece of printing equipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EquipmentRow {
    pub id: i64,
    pub company_id: i64,
    pub company: String,
    pub name: String,
    /// The last calibration's score, passed or not.
    pub score: Option<i32>,
    /// When it last passed calibration; `None`: needs calibrating.
    pub calibrated: Option<String>,
    pub archived: bool,
}

impl EquipmentRow {
    pub fn resource(&self) -> Resource {
        Resource::in_company(ResourceKind::Equipment, CompanyId(self.company_id)).with_id(self.id)
    }

    pub fn printer_app(&self) -> Resource {
        Resource::in_company(ResourceKind::PrinterApp, CompanyId(self.company_id))
    }

    pub fn ready(&self) -> bool {
        self.calibrated.is_some() && !self.archived
    }
}

/// A print partner where the caller may add equipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerPlace {
    pub id: i64,
    pub name: String,
}

/// The equipment list, and where the caller may add more.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EquipmentList {
    pub rows: Vec<EquipmentRow>,
    pub places: Vec<PartnerPlace>,
}

/// The printer app's screen: what waits for a quality check, and the
/// equipment to calibrate and print on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrinterFloor {
    pub work_orders: Vec<WorkOrderRow>,
    pub equipment: Vec<EquipmentRow>,
}

/// A customer company whose approved print jobs a print partner prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipRow {
    pub partner_id: i64,
    pub partner: String,
    pub customer_id: i64,
    pub customer: String,
    pub customer_slug: String,
}

/// A print partner whose partnerships the caller manages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCompany {
    pub id: i64,
    pub name: String,
    pub customers: Vec<PartnershipRow>,
}

/// A print partner asking to print for the customer company, waiting for
/// its administrator's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipRequestRow {
    pub id: i64,
    pub partner: String,
    /// When, in UTC.
    pub asked_at: String,
    /// Whether the customer prints with a partner already (it must end
    /// that partnership before accepting another).
    pub has_partner: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_generated_once_and_only_for_a_new_work_order() {
        let g = WorkOrderChange::GenerateCodes;
        assert_eq!(
            g.from(WorkOrderState::New, false),
            Ok(WorkOrderState::CodesReady)
        );
        assert!(g.from(WorkOrderState::CodesReady, false).is_err());
        assert!(g.from(WorkOrderState::New, true).is_err());
    }

    #[test]
    fn a_checked_or_cancelled_work_order_can_be_archived_and_nothing_else() {
        let a = WorkOrderChange::Archive;
        assert!(a.applies(WorkOrderState::QaPassed, false));
        assert!(a.applies(WorkOrderState::Cancelled, false));
        assert!(!a.applies(WorkOrderState::New, false));
        assert!(!a.applies(WorkOrderState::QaFailed, false));
        assert!(!a.applies(WorkOrderState::QaPassed, true));
    }

    #[test]
    fn a_passed_work_order_cannot_be_cancelled() {
        let c = WorkOrderChange::Cancel;
        assert!(c.applies(WorkOrderState::QaFailed, false));
        assert_eq!(
            c.from(WorkOrderState::QaPassed, false),
            Err(
                "A work order that is \u{201c}quality check passed\u{201d} cannot be cancelled."
                    .into()
            )
        );
    }

    #[test]
    fn a_quality_check_passes_at_ninety_five_per_cent() {
        assert_eq!(checked_qa(100, 95), Ok(true));
        assert_eq!(checked_qa(100, 94), Ok(false));
        assert_eq!(checked_qa(20, 19), Ok(true));
        assert!(checked_qa(0, 0).is_err());
        assert!(checked_qa(10, 11).is_err());
        assert!(checked_qa(10, -1).is_err());
        assert!(checked_qa(MAX_QA_SCANS + 1, 1).is_err());
    }

    #[test]
    fn calibration_passes_at_eighty() {
        assert_eq!(checked_score(80), Ok(true));
        assert_eq!(checked_score(79), Ok(false));
        assert!(checked_score(101).is_err());
        assert!(checked_score(-1).is_err());
    }

    #[test]
    fn an_equipment_name_is_trimmed_and_bounded() {
        assert_eq!(checked_equipment_name("  Press 1 "), Ok("Press 1".into()));
        assert!(checked_equipment_name("   ").is_err());
        assert!(checked_equipment_name(&"x".repeat(121)).is_err());
    }
}
