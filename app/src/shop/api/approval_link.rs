use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ApprovalLinkView;

/// What an outside approver's one-time link shows: the order, read-only.
/// Looking uses nothing up; only a decision does.
#[server(name = ApprovalLink, prefix = "/api", endpoint = "approval_link")]
pub async fn approval_link(token: String) -> Result<ApprovalLinkView, AppError> {
    use imprimatur_core::{Permission, authorize};
    let shop = crate::ssr::shop()?;
    crate::checks::token(&token)?;
    let view = shop
        .approval_link(&token)
        .await?
        .ok_or_else(crate::checks::dead_link)?;
    let holder = super::order_checks::link_holder(&view.order, &view.email);
    let mut order = view.order.resource();
    order.state = None;
    crate::checks::allowed(authorize(&holder, Permission::OrdersView, &order))?;
    Ok(view)
}
