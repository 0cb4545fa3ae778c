use leptos::prelude::*;

use crate::error::AppError;
use crate::model::OrderRow;

/// The print jobs waiting for the caller's approval: core's visibility for
/// "Approve print jobs" (department, company, or asked by name), without
/// the jobs they ordered or that were ordered for them.
#[server(name = ApprovalInbox, prefix = "/api", endpoint = "approval_inbox")]
pub async fn approval_inbox() -> Result<Vec<OrderRow>, AppError> {
    use crate::model::OrderQuery;
    use imprimatur_core::{
        Approver, Permission, Principal, ResourceKind, ResourceState, UserId, separation_of_duties,
        visibility,
    };
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::OrdersApprove, ResourceKind::Order)?;
    let me = Principal::User(who.user.principal);
    let filter = visibility(&me, Permission::OrdersApprove, ResourceKind::Order);
    let waiting = OrderQuery {
        state: ResourceState::AwaitingApproval.slug().to_string(),
        apart_from: Some(who.user.id),
        ..OrderQuery::default()
    };
    let mut rows = shop.orders(&filter, &waiting).await?;
    // A role may reach the caller's own jobs; separation of duties keeps
    // them out of the inbox (in SQL, so the page stays full), as the
    // decision would refuse them.
    let asker = Approver::Member {
        id: UserId(who.user.id),
        email: &who.user.email,
    };
    rows.retain(|o| separation_of_duties(asker, &o.parties(Vec::new())).is_allowed());
    Ok(rows)
}
