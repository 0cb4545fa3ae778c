use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use webauthn_rs_proto::RegisterPublicKeyCredential;

use crate::error::AppError;

/// Accept an invitation with the passkey just made: the explicit POST that
/// uses the link up. The passkey (user verification required) is the
/// account's credential and counts as both factors; the person is signed in.
#[server(name = AcceptInvitationWithPasskey, prefix = "/api", endpoint = "accept_invitation_with_passkey", input = Json)]
pub async fn accept_invitation_with_passkey(
    token: String,
    name: String,
    ceremony: String,
    credential: RegisterPublicKeyCredential,
) -> Result<(), AppError> {
    use crate::ssr;
    crate::checks::token(&token)?;
    let signed_in = ssr::accounts()?
        .accept_invitation_with_passkey(&token, name.trim(), &ceremony, &credential, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    Ok(())
}
