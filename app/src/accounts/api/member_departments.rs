use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MemberDepartment;

/// The departments of a member's companies, which of them the member is in,
/// and where `core` lets the caller put them in or take them out. For those
/// who may see the member.
#[server(name = MemberDepartments, prefix = "/api", endpoint = "member_departments")]
pub async fn member_departments(user_id: i64) -> Result<Vec<MemberDepartment>, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, authorize, visibility};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::visible_member(&who, &accounts, user_id).await?;
    let me = Principal::User(who.user.principal.clone());
    let seen_as = visibility(&me, Permission::UsersView, ResourceKind::User);
    let mut rows = accounts.member_departments(user_id, &seen_as).await?;
    for d in rows.iter_mut() {
        d.may_change = who.user.id != user_id
            && authorize(
                &me,
                Permission::UsersPlaceInDepartments,
                &crate::checks::member_in(user_id, d),
            )
            .is_allowed();
    }
    Ok(rows)
}
