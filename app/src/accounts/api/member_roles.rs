use leptos::prelude::*;

use crate::error::AppError;
use crate::model::AssignmentRow;

/// The roles a member holds, for those who may see the member (and the
/// member themselves).
#[server(name = MemberRoles, prefix = "/api", endpoint = "member_roles")]
pub async fn member_roles(user_id: i64) -> Result<Vec<AssignmentRow>, AppError> {
    use imprimatur_core::{Permission, Principal, authorize};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    let me = Principal::User(who.user.principal.clone());
    let mut rows = accounts.member_roles(user_id).await?;
    if who.user.id != user_id {
        // Only the companies where the viewer may see the member: their
        // roles elsewhere are none of the viewer's business.
        let seen = crate::checks::visible_member(&who, &accounts, user_id).await?;
        let visible: Vec<_> = seen
            .iter()
            .filter(|r| authorize(&me, Permission::UsersView, r).is_allowed())
            .filter_map(|r| r.company)
            .collect();
        rows.retain(|row| row.scope().company().is_some_and(|c| visible.contains(&c)));
    }
    for row in rows.iter_mut() {
        let scope = row.scope();
        let target = crate::checks::target_of(&accounts, scope).await?;
        row.removable = row.role.may_assign(&me, scope, &target).is_allowed();
    }
    Ok(rows)
}
