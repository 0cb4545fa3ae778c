use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use webauthn_rs_proto::PublicKeyCredential;

use crate::error::AppError;

/// Finish a passwordless sign-in: verified by webauthn-rs (user
/// verification required, counter checked), then the same account checks
/// as a password sign-in, and a new session.
#[server(name = PasskeySignInFinish, prefix = "/api", endpoint = "passkey_sign_in_finish", input = Json)]
pub async fn passkey_sign_in_finish(
    ceremony: String,
    credential: PublicKeyCredential,
) -> Result<(), AppError> {
    use crate::ssr;
    let previous = ssr::session_cookie(&ssr::session_cookie_name());
    let signed_in = ssr::auth()?
        .passkey_sign_in_finish(&ceremony, &credential, &ssr::client(), previous.as_deref())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    Ok(())
}
