//! The print partner's floor (Scantrust): work orders, equipment and
//! partnerships. Implements the app's [`Press`]; the server functions asked
//! `core` before calling in.

mod equipment;
mod partnerships;
pub mod work_orders;

use imprimatur_app::error::AppError;
use imprimatur_app::model::{
    EquipmentRow, PartnerCompany, PartnerPlace, WorkOrderChange, WorkOrderRow, WorkOrderState,
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
    ) -> Result<Vec<WorkOrderRow>, AppError> {
        Ok(work_orders::list(&self.db, filter, archived).await?)
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

    async fn print_partners(&self, among: Option<Vec<i64>>) -> Result<Vec<PartnerPlace>, AppError> {
        Ok(partnerships::print_partners(&self.db, among).await?)
    }

    async fn is_print_partner(&self, company_id: i64) -> Result<bool, AppError> {
        Ok(partnerships::is_print_partner(&self.db, company_id).await?)
    }

    async fn add_partnership(
        &self,
        who: &RequestIdentity,
        client: &Client,
        partner_id: i64,
        customer_slug: &str,
    ) -> Result<String, AppError> {
        partnerships::add(&self.db, who, client, partner_id, customer_slug).await
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
