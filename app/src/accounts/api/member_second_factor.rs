use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MemberSecondFactor;

/// A member's second factor as an administrator who may require or reset
/// it sees it.
#[server(name = MemberSecondFactorFn, prefix = "/api", endpoint = "member_second_factor")]
pub async fn member_second_factor(user_id: i64) -> Result<MemberSecondFactor, AppError> {
    use imprimatur_core::Permission;

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    let require =
        crate::checks::on_member(&who, &accounts, Permission::UsersRequire2fa, user_id).await;
    let reset = crate::checks::on_member(&who, &accounts, Permission::UsersReset2fa, user_id).await;
    if require.is_err() && reset.is_err() {
        return Err(require.err().unwrap_or(AppError::Internal));
    }
    let mut answer = accounts.member_second_factor(user_id).await?;
    answer.may_require = require.is_ok();
    answer.may_reset = reset.is_ok();
    Ok(answer)
}
