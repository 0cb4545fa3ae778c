use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use webauthn_rs_proto::RegisterPublicKeyCredential;

use crate::error::AppError;

/// The longest passkey name accepted.
pub const MAX_PASSKEY_NAME_LEN: usize = 100;

/// Finish registering a passkey under `name` ("Work laptop").
#[server(name = PasskeyRegisterFinish, prefix = "/api", endpoint = "passkey_register_finish", input = Json)]
pub async fn passkey_register_finish(
    ceremony: String,
    name: String,
    credential: RegisterPublicKeyCredential,
) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
    crate::checks::recently_authenticated(&who)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_PASSKEY_NAME_LEN {
        return Err(AppError::Invalid(format!(
            "Give the passkey a name of at most {MAX_PASSKEY_NAME_LEN} characters."
        )));
    }
    ssr::auth()?
        .passkey_register_finish(&who, &ssr::client(), &ceremony, name, &credential)
        .await
}
