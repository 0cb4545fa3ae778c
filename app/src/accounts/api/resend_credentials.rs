use leptos::prelude::*;

use crate::error::AppError;

/// Send a member a link to choose a new password (CtrlPrint: "resend a user
/// their credentials"). Admins never choose or see a member's password.
#[server(name = ResendCredentials, prefix = "/api", endpoint = "resend_credentials")]
pub async fn resend_credentials(user_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_member(
        &who,
        &accounts,
        imprimatur_core::Permission::UsersResendCredentials,
        user_id,
    )
    .await?;
    accounts
        .resend_credentials(&who, &ssr::client(), user_id)
        .await
}
