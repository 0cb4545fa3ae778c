use leptos::prelude::*;

use crate::error::AppError;

/// Leave "login as" and return to the administrator's own account. Only
/// the session that is acting as someone can do this.
#[server(name = StopImpersonation, prefix = "/api", endpoint = "stop_impersonation")]
pub async fn stop_impersonation() -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    let signed_in = ssr::accounts()?
        .stop_impersonation(&who, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    ssr::redirect(&signed_in.landing);
    Ok(())
}
