use leptos::prelude::*;

use crate::error::AppError;
use crate::model::WorkOrderRow;

/// The work orders the caller may see (Scantrust: "View work orders"),
/// filtered in SQL from core's visibility; archived ones when asked.
#[server(name = ListWorkOrders, prefix = "/api", endpoint = "list_work_orders")]
pub async fn list_work_orders(archived: bool) -> Result<Vec<WorkOrderRow>, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let press = crate::ssr::press()?;
    let who = crate::ssr::require_identity()?;
    let view = Permission::WorkOrdersView;
    crate::checks::may_at_all(&who, view, ResourceKind::WorkOrder)?;
    let me = Principal::User(who.user.principal.clone());
    press
        .work_orders(
            &visibility(&me, view, ResourceKind::WorkOrder),
            archived,
            &[],
        )
        .await
}
