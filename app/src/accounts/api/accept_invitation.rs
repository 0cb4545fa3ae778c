use leptos::prelude::*;

use crate::error::AppError;

/// Accept an invitation: the explicit POST that uses the link up. A new
/// account chooses its name and password; an existing one confirms its
/// password. Then the person is signed in.
#[server(name = AcceptInvitation, prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::ssr;
    crate::checks::token(&token)?;
    if password.len() > crate::auth::api::MAX_PASSWORD_LEN {
        return Err(AppError::Invalid("That password is too long.".into()));
    }
    let accounts = ssr::accounts()?;
    let signed_in = accounts
        .accept_invitation(&token, name.trim(), &password, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    ssr::redirect(&signed_in.landing);
    Ok(())
}
