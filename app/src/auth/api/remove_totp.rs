use leptos::prelude::*;

use crate::error::AppError;

/// Remove the caller's authenticator app. Refused while an administrator
/// acts as the caller, and when a second factor is required and this is
/// the last one.
#[server(name = RemoveTotp, prefix = "/api", endpoint = "remove_totp")]
pub async fn remove_totp() -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
    crate::checks::recently_authenticated(&who)?;
    ssr::auth()?.remove_totp(&who, &ssr::client()).await
}
