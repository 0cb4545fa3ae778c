use leptos::prelude::*;

use crate::error::AppError;

/// Suspend a member (every session of theirs stops on its next request) or
/// reactivate them.
#[server(name = ChangeMemberState, prefix = "/api", endpoint = "change_member_state")]
pub async fn change_member_state(user_id: i64, suspend: bool) -> Result<(), AppError> {
    use imprimatur_core::{Permission, Principal, UserId, UserState, may_act_on_member};

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
        Permission::UsersSuspend,
        UserId(user_id),
        &seen,
    ))?;
    let state = if suspend {
        UserState::Suspended
    } else {
        UserState::Active
    };
    backend
        .set_member_state(&who, &ssr::client(), user_id, state)
        .await
}
