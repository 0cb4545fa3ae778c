use leptos::prelude::*;

use crate::error::AppError;
use crate::model::PasskeyRow;

/// The caller's own passkeys.
#[server(name = ListPasskeys, prefix = "/api", endpoint = "list_passkeys")]
pub async fn list_passkeys() -> Result<Vec<PasskeyRow>, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::SessionsManageOwn)?;
    ssr::auth()?.list_passkeys(&who).await
}
