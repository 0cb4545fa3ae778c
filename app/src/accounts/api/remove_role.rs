use leptos::prelude::*;

use crate::error::AppError;

/// Take a role away. Whoever may give the role there may take it; the
/// company's invariants (an active Tenant Super Admin remains, every member
/// keeps a role) are checked in the same transaction.
#[server(name = RemoveRole, prefix = "/api", endpoint = "remove_role")]
pub async fn remove_role(assignment_id: i64) -> Result<(), AppError> {
    use imprimatur_core::Principal;

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::may_at_all(
        &who,
        imprimatur_core::Permission::RolesAssign,
        imprimatur_core::ResourceKind::Membership,
    )?;
    let Some((_, role, scope)) = accounts.assignment(assignment_id).await? else {
        return Err(AppError::NotFound(
            "That role assignment no longer exists.".into(),
        ));
    };
    let target = crate::checks::target_of(&accounts, scope).await?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(role.may_assign(&me, scope, &target))?;
    accounts
        .remove_role(&who, &ssr::client(), assignment_id)
        .await
}
