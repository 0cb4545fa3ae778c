use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderRow;

/// The print jobs waiting for the caller's approval: core's visibility for
/// "Approve print jobs" (own, department, company, or asked by name).
#[server(name = ApprovalInbox, prefix = "/api", endpoint = "approval_inbox")]
pub async fn approval_inbox() -> Result<Vec<OrderRow>, AppError> {
    use crate::model::OrderQuery;
    use imprimatur_core::{Permission, Principal, ResourceKind, ResourceState, visibility};
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    super::checks::may_at_all(&who, Permission::OrdersApprove, ResourceKind::Order)?;
    let me = Principal::User(who.user.principal);
    let filter = visibility(&me, Permission::OrdersApprove, ResourceKind::Order);
    let waiting = OrderQuery {
        state: ResourceState::AwaitingApproval.slug().to_string(),
        ..OrderQuery::default()
    };
    shop.orders(&filter, &waiting).await
}
