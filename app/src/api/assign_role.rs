use leptos::prelude::*;

use crate::error::AppError;

/// Give a member of a company a role there (`grant` is "place:role" from
/// `assign_places`; the role is a built-in slug or `custom:<id>`). `core`
/// decides: the right to assign, no escalation, each seed's limits.
#[server(name = AssignRole, prefix = "/api", endpoint = "assign_role")]
pub async fn assign_role(user_id: i64, grant: String) -> Result<(), AppError> {
    use imprimatur_core::Principal;

    use crate::ssr;
    let who = ssr::require_identity()?;
    let backend = ssr::backend()?;
    super::checks::may_at_all(
        &who,
        imprimatur_core::Permission::RolesAssign,
        imprimatur_core::ResourceKind::Membership,
    )?;
    let (role, scope) = super::checks::grant(&backend, &grant).await?;
    let target = super::checks::target_of(&backend, scope).await?;
    let me = Principal::User(who.user.principal.clone());
    super::checks::allowed(role.may_assign(&me, scope, &target))?;
    backend
        .assign_role(&who, &ssr::client(), user_id, &role, scope)
        .await
}
