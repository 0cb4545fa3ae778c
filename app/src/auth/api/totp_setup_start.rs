use leptos::prelude::*;

use crate::error::AppError;
use crate::model::TotpSetup;

/// Begin setting up an authenticator app: a new secret, as a QR code and as
/// text. For the signed-in person (refused while an administrator acts as
/// them), or for a sign-in that must enrol a second factor first.
#[server(name = TotpSetupStart, prefix = "/api", endpoint = "totp_setup_start")]
pub async fn totp_setup_start() -> Result<TotpSetup, AppError> {
    use crate::ssr::{self, Enroller};
    let auth = ssr::auth()?;
    if let Some(who) = ssr::identity() {
        crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
        crate::checks::recently_authenticated(&who)?;
        return auth.totp_setup_start(Enroller::SignedIn(&who)).await;
    }
    let pending = crate::checks::enrolling()?;
    auth.totp_setup_start(Enroller::SigningIn(&pending)).await
}
