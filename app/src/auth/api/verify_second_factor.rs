use leptos::prelude::*;

use crate::error::AppError;

/// The longest thing a person types at the second step (a recovery code
/// with spaces); anything longer is not a code.
pub const MAX_CODE_LEN: usize = 32;

/// Finish a password sign-in with a code from the authenticator app or a
/// recovery code (each works once); a full session with a new id. `next`:
/// the page the sign-in started from (a public shop's checkout, say).
#[server(name = VerifySecondFactor, prefix = "/api", endpoint = "verify_second_factor")]
pub async fn verify_second_factor(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::model::SecondFactorStep;
    use crate::ssr;
    let pending = ssr::require_pending()?;
    if pending.step != SecondFactorStep::Verify {
        return Err(AppError::Conflict("Set up a second factor first.".into()));
    }
    let code = code.trim();
    if code.is_empty() || code.len() > MAX_CODE_LEN {
        return Err(AppError::Invalid(
            "Type the six digits your app shows, or one of your recovery codes.".into(),
        ));
    }
    let signed_in = ssr::auth()?
        .verify_second_factor(&pending, code, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    super::sign_in::redirect_after_sign_in(&signed_in.landing, next.as_deref());
    Ok(())
}
