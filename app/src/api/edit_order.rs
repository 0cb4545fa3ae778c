use leptos::prelude::*;

use crate::error::AppError;

/// Change a print job's content (what to print, copies) until it is
/// approved. The price follows the copies at the price per copy the job was
/// ordered at. An approval that lands first wins: the change then gets 409.
#[server(name = EditOrder, prefix = "/api", endpoint = "edit_order")]
pub async fn edit_order(order_id: i64, title: String, quantity: i32) -> Result<(), AppError> {
    use super::order_checks as check;
    use crate::ssr::{self, EditedOrder};
    use imprimatur_core::Permission;
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    let order = check::order_for(&who, &shop, Permission::OrdersEditContent, order_id).await?;
    if !order.state.content_editable() {
        return Err(AppError::Conflict(format!(
            "Job #{} is {} already; its content can no longer change.",
            order.id,
            order.state.label().to_lowercase()
        )));
    }
    check::quantity(quantity)?;
    check::title(&title)?;
    let per_copy = order.price_cents / i64::from(order.quantity.max(1));
    let price_cents = per_copy
        .checked_mul(i64::from(quantity))
        .ok_or_else(|| AppError::Invalid("That order is too large.".into()))?;
    let edited = EditedOrder {
        id: order.id,
        title: title.trim().to_string(),
        quantity,
        price_cents,
    };
    shop.edit_order(&who, &ssr::client(), edited).await
}
