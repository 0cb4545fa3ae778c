use leptos::prelude::*;

use crate::error::AppError;
use crate::model::RoleThroughGroup;

/// The roles a member holds through groups, for those who may see the
/// member (and the member themselves).
#[server(name = MemberGroupRoles, prefix = "/api", endpoint = "member_group_roles")]
pub async fn member_group_roles(user_id: i64) -> Result<Vec<RoleThroughGroup>, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    if who.user.id != user_id {
        crate::checks::visible_member(&who, &accounts, user_id).await?;
    }
    accounts.member_group_roles(user_id).await
}
