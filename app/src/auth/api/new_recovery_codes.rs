use leptos::prelude::*;

use crate::error::AppError;

/// Ten new recovery codes for the caller, shown this once; the old ones
/// stop working. Refused while an administrator acts as the caller.
#[server(name = NewRecoveryCodes, prefix = "/api", endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes() -> Result<Vec<String>, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
    crate::checks::recently_authenticated(&who)?;
    ssr::auth()?.new_recovery_codes(&who, &ssr::client()).await
}
