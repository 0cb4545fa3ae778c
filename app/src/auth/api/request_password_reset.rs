use leptos::prelude::*;

use crate::error::AppError;

/// "Retrieve a new password" (PrintShop Mail Web): mail a reset link. The
/// answer, and how long it takes, do not depend on whether the address has
/// an account.
#[server(name = RequestPasswordReset, prefix = "/api", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    use crate::ssr;
    crate::checks::email(&email)?;
    ssr::auth()?
        .request_password_reset(email.trim(), &ssr::client())
        .await?;
    // Without JavaScript the page learns of the answer from its address.
    leptos_axum::redirect("/forgot-password?sent=1");
    Ok(
        "If an account uses that address, a link to choose a new password is on its way. It works for one hour."
            .into(),
    )
}
