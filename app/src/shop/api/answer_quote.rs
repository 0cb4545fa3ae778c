use leptos::prelude::*;

use crate::error::AppError;

/// The quote manager prices a quote that waits for it ("12.50" euros for
/// all copies, with an optional note); the requester is mailed.
#[server(name = AnswerQuote, prefix = "/api", endpoint = "answer_quote")]
pub async fn answer_quote(quote_id: i64, price: String, note: String) -> Result<(), AppError> {
    use crate::model::{MAX_QUOTE_CENTS, QuoteState, money, parse_euros};
    use crate::ssr::{self, QuoteAnswer};
    use imprimatur_core::Permission;
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    let quote =
        super::quote_checks::quote_for(&who, &shop, Permission::QuotesManage, quote_id).await?;
    if quote.state != QuoteState::Requested {
        return Err(AppError::Conflict(format!(
            "Quote #{} is {} already.",
            quote.id,
            quote.state.label().to_lowercase()
        )));
    }
    let price_cents = parse_euros(&price)
        .filter(|c| (1..=MAX_QUOTE_CENTS).contains(c))
        .ok_or_else(|| {
            AppError::Invalid(format!(
                "Give the price in euros for all copies, e.g. 149.50, up to {}.",
                money(MAX_QUOTE_CENTS)
            ))
        })?;
    super::quote_checks::note(&note)?;
    let answer = QuoteAnswer {
        quote_id: quote.id,
        price_cents,
        note: note.trim().to_string(),
    };
    shop.answer_quote(&who, &ssr::client(), answer).await
}
