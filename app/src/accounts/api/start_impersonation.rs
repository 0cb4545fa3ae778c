use leptos::prelude::*;

use crate::error::AppError;

/// Sign in as a member ("login as", PrintJob Admin), with a reason, for at
/// most 30 minutes. Platform admins only; never an equal or higher admin,
/// never nested. Both names go into every audit record meanwhile.
#[server(name = StartImpersonation, prefix = "/api", endpoint = "start_impersonation")]
pub async fn start_impersonation(user_id: i64, reason: String) -> Result<(), AppError> {
    use imprimatur_core::{Principal, may_impersonate};

    use crate::model::MAX_REASON_LEN;
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(
        &who,
        imprimatur_core::Permission::Impersonate,
        imprimatur_core::ResourceKind::User,
    )?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(
            "Say why you need to act as this person.".into(),
        ));
    }
    if reason.chars().count() > MAX_REASON_LEN || reason.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "Keep the reason to {MAX_REASON_LEN} characters on one line."
        )));
    }
    let accounts = ssr::accounts()?;
    let target = accounts
        .user_principal(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such member.".into()))?;
    let seen = accounts.member_resources(user_id).await?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(may_impersonate(&me, &target, &seen))?;
    let signed_in = accounts
        .start_impersonation(&who, &ssr::client(), user_id, reason)
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    ssr::redirect(&signed_in.landing);
    Ok(())
}
