use leptos::prelude::*;

use crate::error::AppError;
use crate::model::NewOrder;

/// Order a product. The order waits for approval where the company wants
/// that; the people asked to approve are mailed. Returns the order's number;
/// the same idempotency key from the same person returns the same number.
#[server(name = PlaceOrder, prefix = "/api", endpoint = "place_order")]
pub async fn place_order(order: NewOrder) -> Result<i64, AppError> {
    use super::order_checks as check;
    use crate::ssr;
    use imprimatur_core::{Permission, ResourceKind};
    let (shop, accounts) = (ssr::shop()?, ssr::accounts()?);
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::OrdersCreate, ResourceKind::Order)?;
    check::quantity(order.quantity)?;
    check::title(&order.title)?;
    let key = check::idempotency_key(&order.idempotency_key)?;
    let wish = check::Wish {
        product_id: order.product_id,
        quantity: order.quantity,
        title: &order.title,
        nominees: check::nominees(&order.approvers)?,
        idempotency_key: key,
        reorder_of: None,
        address_id: (order.address_id != 0).then_some(order.address_id),
        answers: check::Answers::Form(&order.fields),
    };
    let planned = check::plan(&who, &shop, &accounts, wish).await?;
    shop.place_order(&who, &ssr::client(), planned).await
}
