use leptos::prelude::*;

use crate::error::AppError;

/// Choose a new password with a reset link. Every other session ends.
#[server(name = ResetPassword, prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::ssr;
    crate::checks::token(&token)?;
    crate::checks::new_password(&password)?;
    let signed_in = ssr::auth()?
        .reset_password(&token, &password, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    ssr::redirect(&signed_in.landing);
    Ok(())
}
