use leptos::prelude::*;

use crate::error::AppError;

/// An outside approver's decision through their one-time link. The link is
/// used up in the same transaction; the record keeps the address, the time
/// and where the decision came from. A link sent to the orderer's or the
/// recipient's own mailbox (any case, any `+tag`) decides nothing (403).
#[server(name = DecideByLink, prefix = "/api", endpoint = "decide_by_link")]
pub async fn decide_by_link(token: String, approve: bool, comment: String) -> Result<(), AppError> {
    use super::order_checks as check;
    use crate::ssr::{self, Decider};
    let shop = ssr::shop()?;
    crate::checks::token(&token)?;
    check::comment(&comment)?;
    let view = shop
        .approval_link(&token)
        .await?
        .ok_or_else(crate::checks::dead_link)?;
    let holder = check::link_holder(&view.order, &view.email);
    let mut order = view.order.resource();
    order.state = None;
    super::duty_checks::may_decide(&shop, &holder, &view.email, &view.order, &order).await?;
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
