use leptos::prelude::*;

use crate::error::AppError;

/// Remove one of the caller's passkeys. Refused while an administrator
/// acts as the caller.
#[server(name = RemovePasskey, prefix = "/api", endpoint = "remove_passkey")]
pub async fn remove_passkey(id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
    crate::checks::recently_authenticated(&who)?;
    ssr::auth()?.remove_passkey(&who, &ssr::client(), id).await
}
