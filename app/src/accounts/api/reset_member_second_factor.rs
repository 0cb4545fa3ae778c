use leptos::prelude::*;

use crate::error::AppError;

/// Reset a member's second factor (CtrlPrint "Reset a user's 2FA token"):
/// their authenticator app, passkeys and recovery codes are removed, their
/// sessions end, and they set up a new factor at their next sign-in.
#[server(name = ResetMemberSecondFactor, prefix = "/api", endpoint = "reset_member_second_factor")]
pub async fn reset_member_second_factor(user_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_member(
        &who,
        &accounts,
        imprimatur_core::Permission::UsersReset2fa,
        user_id,
    )
    .await?;
    accounts
        .reset_member_second_factor(&who, &ssr::client(), user_id)
        .await
}
