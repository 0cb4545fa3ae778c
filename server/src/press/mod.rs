//! The print partner's floor (Scantrust): work orders, equipment and
//! partnerships. Implements the app's [`Press`]; the server functions asked
//! `core` before calling in.

mod equipment;
pub mod for_jobs;
mod partnership_requests;
mod partnerships;
pub mod work_orders;

use imprimatur_app::error::AppError;
use imprimatur_app::model::{
    EquipmentRow, PartnerCompany, PartnerPlace, PartnershipRequestRow, WorkOrderChange,
    WorkOrderRow, WorkOrderState,
};
use imprimatur_app::ssr::{Client, Press, QualityCheck, RequestIdentity};
use imprimatur_core::Filter;

use crate::db::Db;

/// Archived rows (`archived_at` set) or the ones in use.
fn archived_only<C: sea_orm::ColumnTrait>(
    archived_at: C,
    archived: bool,
) -> sea_orm::sea_query::SimpleExpr {
    if archived {
        archived_at.is_not_null()
    } else {
        archived_at.is_null()
    }
}

pub struct ServerPress {
    pub db: Db,
}

#[async_trait::async_trait]
impl Press for ServerPress {
    async fn work_orders(
        &self,
        filter: &Filter,
        archived: bool,
        states: &[WorkOrderState],
    ) -> Result<Vec<WorkOrderRow>, AppError> {
        Ok(work_orders::list(&self.db, filter, archived, states).await?)
    }

    async fn work_order(&self, id: i64) -> Result<Option<WorkOrderRow>, AppError> {
        Ok(work_orders::one(&self.db, id).await?)
    }

    async fn change_work_order(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &WorkOrderRow,
        change: WorkOrderChange,
        to: WorkOrderState,
    ) -> Result<(), AppError> {
        work_orders::change(&self.db, who, client, row, change, to).await
    }

    async fn record_quality_check(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &WorkOrderRow,
        check: QualityCheck,
    ) -> Result<WorkOrderState, AppError> {
        work_orders::record_check(&self.db, who, client, row, check).await
    }

    async fn equipment(
        &self,
        filter: &Filter,
        archived: bool,
    ) -> Result<Vec<EquipmentRow>, AppError> {
        Ok(equipment::list(&self.db, filter, archived).await?)
    }

    async fn equipment_one(&self, id: i64) -> Result<Option<EquipmentRow>, AppError> {
        Ok(equipment::one(&self.db, id).await?)
    }

    async fn save_equipment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: Option<i64>,
        company_id: i64,
        name: &str,
    ) -> Result<i64, AppError> {
        equipment::save(&self.db, who, client, id, company_id, name).await
    }

    async fn archive_equipment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &EquipmentRow,
    ) -> Result<(), AppError> {
        equipment::archive(&self.db, who, client, row).await
    }

    async fn calibrate(
        &self,
        who: &RequestIdentity,
        client: &Client,
        row: &EquipmentRow,
        score: i32,
        passed: bool,
    ) -> Result<(), AppError> {
        equipment::calibrate(&self.db, who, client, row, score, passed).await
    }

    async fn partnerships(&self, filter: &Filter) -> Result<Vec<PartnerCompany>, AppError> {
        Ok(partnerships::list(&self.db, filter).await?)
    }

    async fn print_partners(&self, filter: &Filter) -> Result<Vec<PartnerPlace>, AppError> {
        Ok(partnerships::print_partners(&self.db, filter).await?)
    }

    async fn is_print_partner(&self, company_id: i64) -> Result<bool, AppError> {
        Ok(partnerships::is_print_partner(&self.db, company_id).await?)
    }

    async fn ask_partnership(
        &self,
        who: &RequestIdentity,
        client: &Client,
        partner_id: i64,
        customer_slug: &str,
    ) -> Result<(), AppError> {
        partnership_requests::ask(&self.db, who, client, partner_id, customer_slug).await
    }

    async fn partnership_requests(
        &self,
        customer_id: i64,
    ) -> Result<Vec<PartnershipRequestRow>, AppError> {
        Ok(partnership_requests::waiting(&self.db, customer_id).await?)
    }

    async fn answer_partnership(
        &self,
        who: &RequestIdentity,
        client: &Client,
        customer_id: i64,
        request_id: i64,
        accept: bool,
    ) -> Result<String, AppError> {
        partnership_requests::answer(&self.db, who, client, customer_id, request_id, accept).await
    }

    async fn end_partnership(
        &self,
        who: &RequestIdentity,
        client: &Client,
        partner_id: i64,
        customer_id: i64,
    ) -> Result<(), AppError> {
        partnerships::end(&self.db, who, client, partner_id, customer_id).await
    }
}
