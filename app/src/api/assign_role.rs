use leptos::prelude::*;

use crate::error::AppError;

/// Give a member of a company a role there (`grant` is "place:role" from
/// `assign_places`; the role is a built-in slug or `custom:<id>`). `core`
/// decides: the right to assign, no escalation, each seed's limits.
#[server(name = AssignRole, prefix = "/api", endpoint = "assign_role")]
pub async fn assign_role(user_id: i64, grant: String) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, DepartmentId, Principal, RoleRef, Scope};

    use crate::model::{GivenRole, InvitePlace};
    use crate::ssr;
    let who = ssr::require_identity()?;
    super::checks::may_at_all(
        &who,
        imprimatur_core::Permission::RolesAssign,
        imprimatur_core::ResourceKind::Membership,
    )?;
    let invalid = || AppError::Invalid("Choose a role and where it applies.".into());
    let (place, role) = grant.split_once(':').ok_or_else(invalid)?;
    let (company, department) = InvitePlace::parse_key(place).ok_or_else(invalid)?;
    let backend = ssr::backend()?;
    let role = match RoleRef::from_slug(role).ok_or_else(invalid)? {
        RoleRef::Builtin(r) => GivenRole::builtin(r),
        RoleRef::Custom(id) => backend.custom_role(company, id.0).await?,
    };
    let target = backend.assign_target(company, department, None).await?;
    let scope = match department {
        Some(d) => Scope::Department(CompanyId(company), DepartmentId(d)),
        None => Scope::Company(CompanyId(company)),
    };
    let me = Principal::User(who.user.principal.clone());
    super::checks::allowed(role.may_assign(&me, scope, &target))?;
    backend
        .assign_role(&who, &ssr::client(), user_id, &role, scope)
        .await
}
