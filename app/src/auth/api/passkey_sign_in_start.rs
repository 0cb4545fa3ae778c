use leptos::prelude::*;
use webauthn_rs_proto::RequestChallengeResponse;

use crate::error::AppError;

/// Begin a passwordless sign-in: any passkey registered here may answer.
/// Open to everyone; the passkey is the proof. Each start stores a
/// ceremony, so starts are limited per client address (429 beyond).
#[server(name = PasskeySignInStart, prefix = "/api", endpoint = "passkey_sign_in_start")]
pub async fn passkey_sign_in_start() -> Result<(String, RequestChallengeResponse), AppError> {
    use crate::ssr;
    ssr::auth()?.passkey_sign_in_start(&ssr::client()).await
}
