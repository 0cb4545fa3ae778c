use leptos::prelude::*;

use crate::error::AppError;

/// Suspend a member (every session of theirs stops on its next request) or
/// reactivate them.
#[server(name = ChangeMemberState, prefix = "/api", endpoint = "change_member_state")]
pub async fn change_member_state(user_id: i64, suspend: bool) -> Result<(), AppError> {
    use imprimatur_core::{Permission, UserState};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_member(&who, &accounts, Permission::UsersSuspend, user_id).await?;
    let state = if suspend {
        UserState::Suspended
    } else {
        UserState::Active
    };
    accounts
        .set_member_state(&who, &ssr::client(), user_id, state)
        .await
}
