use leptos::prelude::*;

use crate::error::AppError;

/// Send a member a link to choose a new password (CtrlPrint: "resend a user
/// their credentials"). Admins never choose or see a member's password.
#[server(name = ResendCredentials, prefix = "/api", endpoint = "resend_credentials")]
pub async fn resend_credentials(user_id: i64) -> Result<(), AppError> {
    use imprimatur_core::{Permission, Principal, UserId, may_act_on_member};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let backend = ssr::backend()?;
    let seen = backend.member_resources(user_id).await?;
    if seen.is_empty() {
        return Err(AppError::NotFound("There is no such member.".into()));
    }
    let me = Principal::User(who.user.principal.clone());
    super::checks::allowed(may_act_on_member(
        &me,
        Permission::UsersResendCredentials,
        UserId(user_id),
        &seen,
    ))?;
    backend
        .resend_credentials(&who, &ssr::client(), user_id)
        .await
}
