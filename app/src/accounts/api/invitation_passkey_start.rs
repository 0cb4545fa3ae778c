use leptos::prelude::*;
use webauthn_rs_proto::CreationChallengeResponse;

use crate::error::AppError;

/// Begin joining with a passkey instead of a password: for a new account
/// behind a live invitation link. The link stays unused until the passkey
/// is verified.
#[server(name = InvitationPasskeyStart, prefix = "/api", endpoint = "invitation_passkey_start")]
pub async fn invitation_passkey_start(
    token: String,
) -> Result<(String, CreationChallengeResponse), AppError> {
    use crate::ssr;
    crate::checks::token(&token)?;
    ssr::accounts()?.invitation_passkey_start(&token).await
}
