use leptos::prelude::*;

use crate::error::AppError;

/// Give a member of a company a role there (`grant` is "place:role" from
/// `assign_places`; the role is a built-in slug or `custom:<id>`). `core`
/// decides: the right to assign, no escalation, each seed's limits.
#[server(name = AssignRole, prefix = "/api", endpoint = "assign_role")]
pub async fn assign_role(user_id: i64, grant: String) -> Result<(), AppError> {
    use imprimatur_core::{Permission, Principal, Resource, ResourceKind, RoleRef, authorize};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::may_at_all(&who, Permission::RolesAssign, ResourceKind::Membership)?;
    let (role, scope) = crate::checks::parse_grant(&grant)?;
    let me = Principal::User(who.user.principal.clone());
    // A company's own role is read only for someone who gives roles there.
    if let (RoleRef::Custom(_), Some(company)) = (role, scope.company()) {
        let members = Resource::in_company(ResourceKind::Membership, company);
        crate::checks::allowed(authorize(&me, Permission::RolesAssign, &members))?;
    }
    let role = crate::checks::given_role(&accounts, role, scope).await?;
    let target = crate::checks::target_of(&accounts, scope).await?;
    crate::checks::allowed(role.may_assign(&me, scope, &target))?;
    accounts
        .assign_role(&who, &ssr::client(), user_id, &role, scope)
        .await
}
