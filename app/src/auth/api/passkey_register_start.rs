use leptos::prelude::*;
use webauthn_rs_proto::CreationChallengeResponse;

use crate::error::AppError;

/// Begin registering a passkey for the caller: the browser gets the
/// challenge, the server keeps the ceremony's state. Refused while an
/// administrator acts as the caller.
#[server(name = PasskeyRegisterStart, prefix = "/api", endpoint = "passkey_register_start")]
pub async fn passkey_register_start() -> Result<(String, CreationChallengeResponse), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
    crate::checks::recently_authenticated(&who)?;
    ssr::auth()?.passkey_register_start(&who).await
}
