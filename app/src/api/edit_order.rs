use leptos::prelude::*;

use crate::error::AppError;

/// Change a print job's content (what to print, copies, the product's job
/// fields) until it is approved. The price follows at the price per copy
/// the job was ordered at, with the choices' extras as chosen now. An
/// approval that lands first wins: the change then gets 409.
#[server(name = EditOrder, prefix = "/api", endpoint = "edit_order")]
pub async fn edit_order(
    order_id: i64,
    title: String,
    quantity: i32,
    #[server(default)] fields: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    use super::order_checks as check;
    use crate::model::{answer_job_fields, extra_of};
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
    let mut per_copy = order.price_cents / i64::from(order.quantity.max(1));
    // A job ordered without answers (from a quote at its quoted price, a
    // stock replenishment, or before the product had fields) keeps none.
    let answers = if order.fields.is_empty() || order.answers.is_empty() {
        None
    } else {
        let (answers, extra) =
            answer_job_fields(&order.fields, &fields).map_err(AppError::Invalid)?;
        per_copy = per_copy - extra_of(&order.answers) + extra;
        Some(answers)
    };
    let price_cents = per_copy
        .checked_mul(i64::from(quantity))
        .ok_or_else(|| AppError::Invalid("That order is too large.".into()))?;
    let edited = EditedOrder {
        id: order.id,
        title: title.trim().to_string(),
        quantity,
        price_cents,
        answers,
    };
    shop.edit_order(&who, &ssr::client(), edited).await
}
