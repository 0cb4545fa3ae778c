use leptos::prelude::*;

use crate::error::AppError;

/// Require a second factor of one member (Scantrust "Enable 2FA for
/// users"), or stop requiring it; they enrol one at their next sign-in.
#[server(name = RequireMemberSecondFactor, prefix = "/api", endpoint = "require_member_second_factor")]
pub async fn require_member_second_factor(user_id: i64, required: bool) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_member(
        &who,
        &accounts,
        imprimatur_core::Permission::UsersRequire2fa,
        user_id,
    )
    .await?;
    accounts
        .require_member_second_factor(&who, &ssr::client(), user_id, required)
        .await
}
