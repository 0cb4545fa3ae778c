use leptos::prelude::*;

use crate::error::AppError;
use crate::model::QuoteRow;

/// The newest quotes the caller may see ("See quotes"), or, for the quote
/// manager (`manage`), the ones they may answer; filtered in SQL from core's
/// visibility. `state` is a quote state's slug, or empty for any.
#[server(name = ListQuotes, prefix = "/api", endpoint = "list_quotes")]
pub async fn list_quotes(manage: bool, state: String) -> Result<Vec<QuoteRow>, AppError> {
    use crate::model::QuoteState;
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    let permission = if manage {
        Permission::QuotesManage
    } else {
        Permission::QuotesView
    };
    crate::checks::may_at_all(&who, permission, ResourceKind::Quote)?;
    let state = match state.as_str() {
        "" => None,
        s => Some(
            QuoteState::from_slug(s)
                .ok_or_else(|| AppError::Invalid("Choose a status from the list.".into()))?,
        ),
    };
    let me = Principal::User(who.user.principal);
    let filter = visibility(&me, permission, ResourceKind::Quote);
    shop.quotes(&filter, state).await
}
