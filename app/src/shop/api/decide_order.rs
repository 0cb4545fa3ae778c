use leptos::prelude::*;

use crate::error::AppError;

/// Approve or reject a print job that waits for approval, with a comment.
/// Exactly one decision is recorded; a later one gets 409. Nobody decides
/// on a job they ordered or that was ordered for them (403).
#[server(name = DecideOrder, prefix = "/api", endpoint = "decide_order")]
pub async fn decide_order(order_id: i64, approve: bool, comment: String) -> Result<(), AppError> {
    use super::order_checks as check;
    use crate::ssr::{self, Decider};
    use imprimatur_core::{Permission, ResourceKind};
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::OrdersApprove, ResourceKind::Order)?;
    check::comment(&comment)?;
    let order = check::order_for(&who, &shop, Permission::OrdersApprove, order_id).await?;
    let me = imprimatur_core::Principal::User(who.user.principal.clone());
    let mut seen = order.resource();
    seen.state = None;
    super::duty_checks::may_decide(&shop, &me, &who.user.email, &order, &seen).await?;
    check::still_waiting(&order)?;
    shop.decide(
        Decider::Member(&who),
        order.id,
        approve,
        comment.trim(),
        &ssr::client(),
    )
    .await
}
