//! Checks shared by the quote server functions (server only).

pub use server::quote_for;

use crate::error::AppError;
use crate::model::MAX_QUOTE_NOTE_LEN;

pub fn note(note: &str) -> Result<(), AppError> {
    if note.chars().count() > MAX_QUOTE_NOTE_LEN {
        return Err(AppError::Invalid(format!(
            "Keep the note to at most {MAX_QUOTE_NOTE_LEN} characters."
        )));
    }
    Ok(())
}

mod server {
    use imprimatur_core::{Permission, Principal, ResourceKind};

    use crate::checks::on_row;
    use crate::error::AppError;
    use crate::model::QuoteRow;
    use crate::ssr::{RequestIdentity, SharedShop};

    /// The quote `id` for `permission`: 404 when the caller may not even see
    /// it, 403 with core's reason otherwise.
    pub async fn quote_for(
        who: &RequestIdentity,
        shop: &SharedShop,
        permission: Permission,
        id: i64,
    ) -> Result<QuoteRow, AppError> {
        crate::checks::may_at_all(who, permission, ResourceKind::Quote)?;
        let missing = || AppError::NotFound("There is no such quote.".into());
        let quote = shop.quote(id).await?.ok_or_else(missing)?;
        let me = Principal::User(who.user.principal.clone());
        let seeing = [Permission::QuotesView, Permission::QuotesManage];
        on_row(&me, permission, &quote.resource(), &seeing, missing())?;
        Ok(quote)
    }
}
