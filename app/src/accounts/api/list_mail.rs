use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MailRow;

/// The mail outbox, for platform admins (and the tests, through them).
#[server(name = ListMail, prefix = "/api", endpoint = "list_mail")]
pub async fn list_mail(to: String) -> Result<Vec<MailRow>, AppError> {
    use imprimatur_core::{Permission, Principal, Resource, ResourceKind, authorize};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(authorize(
        &me,
        Permission::MailboxView,
        &Resource::new(ResourceKind::Mailbox),
    ))?;
    if to.len() > crate::auth::api::MAX_EMAIL_LEN {
        return Err(AppError::Invalid("That address is too long.".into()));
    }
    let to = to.trim();
    ssr::accounts()?
        .list_mail((!to.is_empty()).then_some(to))
        .await
}
