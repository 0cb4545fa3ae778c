use leptos::prelude::*;

use crate::error::AppError;

/// Change a print job's content (what to print, copies, the product's job
/// fields) until it is approved. A job ordered from a quote keeps its
/// quoted total, and its copies stay as quoted. Otherwise the same copies
/// keep the price per copy they were ordered at, with the choices' extras
/// as chosen now, and other copies are priced as the product is now. An
/// approval that lands first wins: the change then gets 409. Approved work
/// changed while on hold goes back for approval.
#[server(name = EditOrder, prefix = "/api", endpoint = "edit_order")]
pub async fn edit_order(
    order_id: i64,
    title: String,
    quantity: i32,
    #[server(default)] fields: std::collections::BTreeMap<String, String>,
) -> Result<(), AppError> {
    use super::order_checks as check;
    use crate::model::answer_job_fields;
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
    if let Some(quote) = order.from_quote
        && quantity != order.quantity
    {
        return Err(AppError::Invalid(format!(
            "Job #{} was ordered from quote #{quote} for {} copies at its quoted price; ask for a new quote to change the copies.",
            order.id, order.quantity
        )));
    }
    // A job ordered without answers (from a quote at its quoted price, a
    // stock replenishment, or before the product had fields) keeps none.
    let (answers, extra) = if order.fields.is_empty() || order.answers.is_empty() {
        (None, 0)
    } else {
        let (answers, extra) =
            answer_job_fields(&order.fields, &fields).map_err(AppError::Invalid)?;
        (Some(answers), extra)
    };
    let price_cents = match order.from_quote {
        Some(_) => order.price_cents,
        None => price(&shop, &order, quantity, extra).await?,
    };
    let edited = EditedOrder {
        id: order.id,
        title: title.trim().to_string(),
        quantity,
        price_cents,
        answers,
    };
    shop.edit_order(&who, &ssr::client(), edited).await
}

/// The total of `quantity` copies of `order` with `extra` a copy for the
/// choices, in exact checked cents. A total is never divided: the same
/// copies swap the old extras for the new; other copies start again from
/// the product's price.
#[cfg(feature = "ssr")]
async fn price(
    shop: &crate::ssr::SharedShop,
    order: &crate::model::OrderRow,
    quantity: i32,
    extra: i64,
) -> Result<i64, AppError> {
    let too_large = || AppError::Invalid("That order is too large.".into());
    let copies = i64::from(quantity);
    if quantity == order.quantity {
        let old_extra = crate::model::extra_of(&order.answers).ok_or_else(too_large)?;
        let off = old_extra.checked_mul(copies).ok_or_else(too_large)?;
        let on = extra.checked_mul(copies).ok_or_else(too_large)?;
        return order
            .price_cents
            .checked_sub(off)
            .and_then(|base| base.checked_add(on))
            .ok_or_else(too_large);
    }
    let product = shop
        .product_for_order(order.product_id)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(format!(
                "{} is no longer offered; job #{} keeps its copies.",
                order.product_name, order.id
            ))
        })?
        .product;
    product
        .price_cents
        .checked_add(extra)
        .and_then(|per_copy| per_copy.checked_mul(copies))
        .ok_or_else(too_large)
}
