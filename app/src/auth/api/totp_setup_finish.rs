use leptos::prelude::*;

use crate::error::AppError;
use crate::model::TotpEnrolled;

/// Confirm the authenticator app with its first code. The answer carries
/// new recovery codes, shown this once. A sign-in that had to enrol is
/// complete afterwards (a full session with a new id).
#[server(name = TotpSetupFinish, prefix = "/api", endpoint = "totp_setup_finish")]
pub async fn totp_setup_finish(code: String) -> Result<TotpEnrolled, AppError> {
    use crate::ssr::{self, Enroller};
    if code.trim().is_empty() || code.len() > super::MAX_CODE_LEN {
        return Err(AppError::Invalid(
            "Type the six digits the app shows for Imprimatur.".into(),
        ));
    }
    let auth = ssr::auth()?;
    let client = ssr::client();
    if let Some(who) = ssr::identity() {
        crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
        crate::checks::recently_authenticated(&who)?;
        let (enrolled, _) = auth
            .totp_setup_finish(Enroller::SignedIn(&who), code.trim(), &client)
            .await?;
        return Ok(enrolled);
    }
    let pending = crate::checks::enrolling()?;
    let (enrolled, signed_in) = auth
        .totp_setup_finish(Enroller::SigningIn(&pending), code.trim(), &client)
        .await?;
    if let Some(signed_in) = signed_in {
        ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    }
    Ok(enrolled)
}
