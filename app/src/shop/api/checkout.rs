use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CartCheckout;

/// Check out a public shop's cart: every line is checked and authorized
/// like an order form before the first is written; then each becomes an
/// order. The numbers come back in the cart's order, and the same key
/// returns the same orders.
#[server(name = Checkout, prefix = "/api", endpoint = "checkout", input = server_fn::codec::Json)]
pub async fn checkout(cart: CartCheckout) -> Result<Vec<i64>, AppError> {
    use super::order_checks as check;
    use crate::model::MAX_CART_LINES;
    use crate::ssr;
    use imprimatur_core::{Permission, ResourceKind};
    let (shop, accounts) = (ssr::shop()?, ssr::accounts()?);
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::OrdersCreate, ResourceKind::Order)?;
    let facts = super::store_checks::open_shop(&shop, &cart.slug).await?;
    if cart.lines.is_empty() {
        return Err(AppError::Invalid("The cart is empty.".into()));
    }
    if cart.lines.len() > MAX_CART_LINES {
        return Err(AppError::Invalid(format!(
            "Check out at most {MAX_CART_LINES} lines at once."
        )));
    }
    // Room for the line's number after the key.
    let key = check::idempotency_key(&cart.idempotency_key)?
        .filter(|k| k.len() <= 60)
        .ok_or_else(|| {
            AppError::Invalid("The cart's key is not valid; reload the page and try again.".into())
        })?;
    for line in &cart.lines {
        check::quantity(line.quantity)?;
        check::title(&line.title)?;
    }
    let mut planned = Vec::with_capacity(cart.lines.len());
    for (i, line) in cart.lines.iter().enumerate() {
        let wish = check::Wish {
            product_id: line.product_id,
            quantity: line.quantity,
            title: &line.title,
            nominees: Vec::new(),
            idempotency_key: Some(format!("{key}-{i}")),
            reorder_of: None,
            address_id: None,
            answers: check::Answers::Form(&line.fields),
        };
        let order = check::plan(&who, &shop, &accounts, wish)
            .await
            .map_err(|e| match e {
                AppError::Invalid(why) => {
                    AppError::Invalid(format!("\u{201c}{}\u{201d}: {why}", line.title.trim()))
                }
                other => other,
            })?;
        if order.company_id != facts.shop.company.0 {
            return Err(AppError::NotFound(
                "That product is not sold in this shop.".into(),
            ));
        }
        planned.push(order);
    }
    let client = ssr::client();
    let mut numbers = Vec::with_capacity(planned.len());
    for order in planned {
        numbers.push(shop.place_order(&who, &client, order).await?);
    }
    Ok(numbers)
}
