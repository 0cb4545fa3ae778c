use leptos::prelude::*;

use crate::error::AppError;

/// Take a role away from a group: whoever may give it to the group there.
#[server(name = TakeGroupRole, prefix = "/api", endpoint = "take_group_role")]
pub async fn take_group_role(company_id: i64, group_role_id: i64) -> Result<(), AppError> {
    use imprimatur_core::{Principal, may_give_to_group};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_groups(&who, company_id)?;
    let (role, scope) = accounts
        .group_role(company_id, group_role_id)
        .await?
        .ok_or_else(|| AppError::NotFound("The group no longer holds that role.".into()))?;
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
        .take_group_role(&who, &ssr::client(), company_id, group_role_id)
        .await
}
