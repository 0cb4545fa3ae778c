use leptos::prelude::*;

use crate::error::AppError;
use crate::model::TotpSetup;

/// Begin setting up an authenticator app: a new secret, as a QR code and as
/// text. For the signed-in person (refused while an administrator acts as
/// them), or for a sign-in that must enrol a second factor first.
#[server(name = TotpSetupStart, prefix = "/api", endpoint = "totp_setup_start")]
pub async fn totp_setup_start() -> Result<TotpSetup, AppError> {
    use crate::ssr::{self, Enroller};
    let backend = ssr::backend()?;
    if let Some(who) = ssr::identity() {
        super::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
        super::checks::recently_authenticated(&who)?;
        return backend.totp_setup_start(Enroller::SignedIn(&who)).await;
    }
    let pending = super::checks::enrolling()?;
    backend
        .totp_setup_start(Enroller::SigningIn(&pending))
        .await
}
