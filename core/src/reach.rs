//! How far a granted permission reaches, in the seeds' own terms.

use serde::{Deserialize, Serialize};

use crate::principal::ChapterLevel;

/// The part of a role's scope that a grant reaches. The assignment's scope
/// bounds every reach: a Power User of company A never reaches company B.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Only resources the person owns ("their own print jobs").
    Own,
    /// Resources in a department the person belongs to, or the whole company
    /// when it has no departments (PrintShop Mail Web Power User).
    SameDepartment,
    /// Only orders the person was asked to approve (PrintJob Approver).
    RequestedApprover,
    /// Chapters the person was given at least this level on (CtrlPrint).
    Chapter(ChapterLevel),
    /// Chapters of projects where the person may accept/reject TrackChanges.
    TrackChangesHolder,
    /// Everything inside the assignment's scope: the department(s) a manager
    /// manages, the project a Project Administrator administers, the company
    /// of a company-wide role, or an assigned company of a Junior Admin.
    Scope,
    /// The companies a dealer manages (Dispatcher tenant manager); the
    /// manager is not a member of them.
    ManagedTenants,
    /// Everything on the platform.
    Platform,
}

impl Reach {
    /// Whether everything this reach allows is also allowed by `self`
    /// (used to stop a delegated role from reaching further than its giver).
    pub fn covers(self, other: Reach) -> bool {
        use Reach::*;
        match (self, other) {
            (Platform, _) => true,
            (a, b) if a == b => true,
            (Chapter(a), Chapter(b)) => a >= b,
            (Scope, Own | SameDepartment | RequestedApprover | Chapter(_) | TrackChangesHolder) => {
                true
            }
            (SameDepartment, Own) => true,
            _ => false,
        }
    }

    /// A stable number for storage.
    pub const fn code(self) -> u8 {
        match self {
            Reach::Own => 1,
            Reach::SameDepartment => 2,
            Reach::RequestedApprover => 3,
            Reach::Chapter(ChapterLevel::ReadComment) => 4,
            Reach::Chapter(ChapterLevel::InCopy) => 5,
            Reach::Chapter(ChapterLevel::InDesign) => 6,
            Reach::TrackChangesHolder => 7,
            Reach::Scope => 8,
            Reach::ManagedTenants => 9,
            Reach::Platform => 10,
        }
    }

    pub const fn from_code(code: u8) -> Option<Reach> {
        Some(match code {
            1 => Reach::Own,
            2 => Reach::SameDepartment,
            3 => Reach::RequestedApprover,
            4 => Reach::Chapter(ChapterLevel::ReadComment),
            5 => Reach::Chapter(ChapterLevel::InCopy),
            6 => Reach::Chapter(ChapterLevel::InDesign),
            7 => Reach::TrackChangesHolder,
            8 => Reach::Scope,
            9 => Reach::ManagedTenants,
            10 => Reach::Platform,
            _ => return None,
        })
    }

    /// Plain words for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Reach::Own => "their own",
            Reach::SameDepartment => "in their department",
            Reach::RequestedApprover => "that they were asked to approve",
            Reach::Chapter(ChapterLevel::ReadComment) => "in chapters they may read and comment",
            Reach::Chapter(ChapterLevel::InCopy) => "in chapters they may edit in InCopy",
            Reach::Chapter(ChapterLevel::InDesign) => "in chapters they may edit in InDesign",
            Reach::TrackChangesHolder => "where they may accept or reject TrackChanges",
            Reach::Scope => "within the scope of the role",
            Reach::ManagedTenants => "in the tenants they manage",
            Reach::Platform => "anywhere on the platform",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_reach_code_round_trips() {
        for code in 1..=10 {
            let r = Reach::from_code(code);
            assert_eq!(r.map(Reach::code), Some(code));
        }
        assert_eq!(Reach::from_code(0), None);
    }

    #[test]
    fn a_wider_reach_covers_a_narrower_one_but_not_the_other_way() {
        assert!(Reach::Scope.covers(Reach::Own));
        assert!(!Reach::Own.covers(Reach::Scope));
        assert!(
            Reach::Chapter(ChapterLevel::InDesign).covers(Reach::Chapter(ChapterLevel::InCopy))
        );
        assert!(
            !Reach::Chapter(ChapterLevel::ReadComment).covers(Reach::Chapter(ChapterLevel::InCopy))
        );
        assert!(!Reach::ManagedTenants.covers(Reach::Scope));
    }
}
