use leptos::prelude::*;

use crate::error::AppError;

/// An outside approver's decision through their one-time link. The link is
/// used up in the same transaction; the record keeps the address, the time
/// and where the decision came from.
#[server(name = DecideByLink, prefix = "/api", endpoint = "decide_by_link")]
pub async fn decide_by_link(token: String, approve: bool, comment: String) -> Result<(), AppError> {
    use super::order_checks as check;
    use crate::ssr::{self, Decider};
    use imprimatur_core::{Permission, authorize};
    let shop = ssr::shop()?;
    super::checks::token(&token)?;
    check::comment(&comment)?;
    let view = shop
        .approval_link(&token)
        .await?
        .ok_or_else(super::checks::dead_link)?;
    let holder = check::link_holder(&view.order, &view.email);
    let mut order = view.order.resource();
    order.state = None;
    super::checks::allowed(authorize(&holder, Permission::OrdersApprove, &order))?;
    check::still_waiting(&view.order)?;
    let decider = Decider::Link {
        token: &token,
        email: &view.email,
    };
    shop.decide(
        decider,
        view.order.id,
        approve,
        comment.trim(),
        &ssr::client(),
    )
    .await
}
