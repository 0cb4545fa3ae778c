use leptos::prelude::*;

use crate::error::AppError;

/// The requester orders a priced quote at its price. The order follows the
/// company's rules like any other (approval), and the quote becomes that
/// order in the same transaction.
#[server(name = AcceptQuote, prefix = "/api", endpoint = "accept_quote")]
pub async fn accept_quote(quote_id: i64, idempotency_key: String) -> Result<i64, AppError> {
    use super::order_checks as check;
    use crate::model::QuoteState;
    use crate::ssr;
    use imprimatur_core::Permission;
    let (shop, accounts) = (ssr::shop()?, ssr::accounts()?);
    let who = ssr::require_identity()?;
    let key = check::idempotency_key(&idempotency_key)?;
    let quote =
        super::quote_checks::quote_for(&who, &shop, Permission::QuotesRequest, quote_id).await?;
    if quote.owner_id != who.user.id {
        return Err(AppError::Forbidden(
            "Only the person who asked for the quote can order it.".into(),
        ));
    }
    let (QuoteState::Answered, Some(price_cents)) = (quote.state, quote.price_cents) else {
        return Err(AppError::Conflict(match quote.order_id {
            Some(order) => format!("Quote #{} was ordered already as #{order}.", quote.id),
            None => format!(
                "Quote #{} is {}; it cannot be ordered.",
                quote.id,
                quote.state.label().to_lowercase()
            ),
        }));
    };
    let wish = check::Wish {
        product_id: quote.product_id,
        quantity: quote.quantity,
        title: &quote.title,
        nominees: Vec::new(),
        idempotency_key: key,
        reorder_of: None,
        address_id: None,
        answers: check::Answers::NotAsked,
    };
    let mut planned = check::plan(&who, &shop, &accounts, wish).await?;
    planned.price_cents = price_cents;
    planned.from_quote = Some(quote.id);
    shop.place_order(&who, &ssr::client(), planned).await
}
