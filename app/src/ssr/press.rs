//! The print partner's side of the backend (Scantrust): work orders,
//! equipment, partnerships. Like [`super::Shop`], it only reads and
//! writes; the server functions asked `core` first.

use std::sync::Arc;

use imprimatur_core::Filter;
use leptos::prelude::use_context;

use super::{Client, RequestIdentity};
use crate::error::AppError;
use crate::model::{
    EquipmentRow, PartnerCompany, PartnerPlace, PartnershipRequestRow, WorkOrderChange,
    WorkOrderRow, WorkOrderState,
};

/// A quality check, checked already.
#[derive(Clone, Copy, Debug)]
pub struct QualityCheck {
    pub work_order_id: i64,
    pub equipment_id: i64,
    pub scanned: i32,
    pub verified: i32,
    pub passed: bool,
}

#[async_trait::async_trait]
pub trait Press: Send + Sync + 'static {
    /// Work orders matching `filter` (core's visibility) in one of
    /// `states` (empty: any), newest first; archived ones only when asked.
    async fn work_orders(
        &self,
        filter: &Filter,
        archived: bool,
        states: &[WorkOrderState],
    ) -> Result<Vec<WorkOrderRow>, AppError>;
    async fn work_order(&self, id: i64) -> Result<Option<WorkOrderRow>, AppError>;
    /// Applies `change`, written only while the work order is still `from`
    /// (409 otherwise).
    async fn change_work_order(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &WorkOrderRow,
        change: WorkOrderChange,
        to: WorkOrderState,
    ) -> Result<(), AppError>;
    /// Records a quality check on the printer app; the equipment must be
    /// the work order's company's, calibrated and in use.
    async fn record_quality_check(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &WorkOrderRow,
        check: QualityCheck,
    ) -> Result<WorkOrderState, AppError>;
    /// Equipment matching `filter`, archived pieces only when asked.
    async fn equipment(
        &self,
        filter: &Filter,
        archived: bool,
    ) -> Result<Vec<EquipmentRow>, AppError>;
    async fn equipment_one(&self, id: i64) -> Result<Option<EquipmentRow>, AppError>;
    /// Adds equipment (`id` `None`) or renames it; returns its id.
    async fn save_equipment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: Option<i64>,
        company_id: i64,
        name: &str,
    ) -> Result<i64, AppError>;
    async fn archive_equipment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &EquipmentRow,
    ) -> Result<(), AppError>;
    /// Records a calibration: passed, the equipment may print codes.
    async fn calibrate(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &EquipmentRow,
        score: i32,
        passed: bool,
    ) -> Result<(), AppError>;
    /// Print partners matching `filter`, with their customers.
    async fn partnerships(&self, filter: &Filter) -> Result<Vec<PartnerCompany>, AppError>;
    /// Print partners matching `filter` (core's visibility, on the company).
    async fn print_partners(&self, filter: &Filter) -> Result<Vec<PartnerPlace>, AppError>;
    /// Whether `company_id` is a print partner.
    async fn is_print_partner(&self, company_id: i64) -> Result<bool, AppError>;
    /// Asks the customer company at `slug`, if there is one, to accept
    /// `partner_id` as its print partner; answers the same either way.
    async fn ask_partnership(
        &self,
        who: &RequestIdentity,
        client: &Client,
        partner_id: i64,
        customer_slug: &str,
    ) -> Result<(), AppError>;
    /// Print partners' requests waiting for `customer_id`'s answer.
    async fn partnership_requests(
        &self,
        customer_id: i64,
    ) -> Result<Vec<PartnershipRequestRow>, AppError>;
    /// `customer_id` accepts or declines a request; returns the partner's name.
    async fn answer_partnership(
        &self,
        who: &RequestIdentity,
        client: &Client,
        customer_id: i64,
        request_id: i64,
        accept: bool,
    ) -> Result<String, AppError>;
    async fn end_partnership(
        &self,
        who: &RequestIdentity,
        client: &Client,
        partner_id: i64,
        customer_id: i64,
    ) -> Result<(), AppError>;
}

pub type SharedPress = Arc<dyn Press>;

/// The press from the request's context; take it before the first `.await`.
#[track_caller]
pub fn press() -> Result<SharedPress, AppError> {
    let caller = std::panic::Location::caller();
    use_context::<SharedPress>().ok_or_else(|| {
        tracing::error!(%caller, "no press in context");
        AppError::Internal
    })
}
