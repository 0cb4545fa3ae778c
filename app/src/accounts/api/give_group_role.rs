use leptos::prelude::*;

use crate::error::AppError;

/// Give a group a role at the company or one of its departments (`grant` is
/// "place:role" from the groups page). `core` decides: the right to manage
/// groups, to give the role there, and no administrator roles for groups.
#[server(name = GiveGroupRole, prefix = "/api", endpoint = "give_group_role")]
pub async fn give_group_role(
    company_id: i64,
    group_id: i64,
    grant: String,
) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, Principal, may_give_to_group};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_groups(&who, company_id)?;
    let (role, scope) = crate::checks::parse_grant(&grant)?;
    if matches!(scope, imprimatur_core::Scope::Project(..)) {
        return Err(AppError::Invalid(
            "Groups hold roles at the company or one of its departments.".into(),
        ));
    }
    if scope.company() != Some(CompanyId(company_id)) {
        return Err(AppError::Invalid(
            "A group holds roles in its own company only.".into(),
        ));
    }
    let role = crate::checks::given_role(&accounts, role, scope).await?;
    let target = crate::checks::target_of(&accounts, scope).await?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(may_give_to_group(
        &me,
        role.role,
        role.custom.as_ref(),
        scope,
        &target,
    ))?;
    accounts
        .give_group_role(&who, &ssr::client(), group_id, &role, scope)
        .await
}
