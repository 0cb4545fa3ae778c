use leptos::prelude::*;

use crate::error::AppError;

/// Order a previous print job again: same product, copies and content, as a
/// new order that follows today's rules (prices, approval).
#[server(name = Reorder, prefix = "/api", endpoint = "reorder")]
pub async fn reorder(order_id: i64, idempotency_key: String) -> Result<i64, AppError> {
    use super::order_checks as check;
    use crate::ssr;
    use imprimatur_core::{Permission, ResourceKind};
    let (shop, accounts) = (ssr::shop()?, ssr::accounts()?);
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::OrdersReorder, ResourceKind::Order)?;
    let key = check::idempotency_key(&idempotency_key)?;
    let old = check::order_for(&who, &shop, Permission::OrdersReorder, order_id).await?;
    if old.replenishes {
        return Err(AppError::Invalid(format!(
            "Job #{} refilled the stock; order another replenishment from the storefront.",
            old.id
        )));
    }
    let wish = check::Wish {
        product_id: old.product_id,
        quantity: old.quantity,
        title: &old.title,
        nominees: Vec::new(),
        idempotency_key: key,
        reorder_of: Some(old.id),
        address_id: None,
        answers: check::Answers::Again(&old.answers),
    };
    let mut planned = check::plan(&who, &shop, &accounts, wish).await?;
    // Delivered where the job went last time.
    planned.ship_to = old.ship_to.clone();
    shop.place_order(&who, &ssr::client(), planned).await
}
