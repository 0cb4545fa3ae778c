use leptos::prelude::*;

use crate::error::AppError;

/// Confirm the signed-in person's password: for the next few minutes this
/// session may change how they sign in. A wrong password counts against
/// the account's sign-in limit. Refused while an administrator acts as
/// the caller.
#[server(name = ConfirmPassword, prefix = "/api", endpoint = "confirm_password")]
pub async fn confirm_password(password: String) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::ProfileEditOwn)?;
    if password.is_empty() {
        return Err(AppError::Invalid("Enter your password.".into()));
    }
    if password.len() > super::MAX_PASSWORD_LEN {
        return Err(AppError::Invalid(format!(
            "Passwords are at most {} characters.",
            super::MAX_PASSWORD_LEN
        )));
    }
    ssr::auth()?
        .confirm_password(&who, &ssr::client(), &password)
        .await
}
