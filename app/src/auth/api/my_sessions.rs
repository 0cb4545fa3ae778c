use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SessionRow;

/// The caller's own live sessions.
#[server(name = MySessions, prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionRow>, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::SessionsManageOwn)?;
    ssr::auth()?.my_sessions(&who).await
}
