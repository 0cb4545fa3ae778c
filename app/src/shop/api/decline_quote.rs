use leptos::prelude::*;

use crate::error::AppError;

/// The requester withdraws a quote request or declines its price.
#[server(name = DeclineQuote, prefix = "/api", endpoint = "decline_quote")]
pub async fn decline_quote(quote_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    use imprimatur_core::Permission;
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    let quote =
        super::quote_checks::quote_for(&who, &shop, Permission::QuotesRequest, quote_id).await?;
    if !quote.state.open() {
        return Err(AppError::Conflict(format!(
            "Quote #{} is {} already.",
            quote.id,
            quote.state.label().to_lowercase()
        )));
    }
    shop.decline_quote(&who, &ssr::client(), quote.id).await
}
