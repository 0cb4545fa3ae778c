use leptos::prelude::*;

use crate::error::AppError;

/// Delete one of the company's roles; refused (409) while members hold it.
#[server(name = DeleteCustomRole, prefix = "/api", endpoint = "delete_custom_role")]
pub async fn delete_custom_role(company_id: i64, role_id: i64) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, CustomRoleId, Principal, RoleRef, may_edit_role};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    let role = RoleRef::Custom(CustomRoleId(role_id));
    crate::checks::allowed(may_edit_role(&me, role, CompanyId(company_id)))?;
    ssr::accounts()?
        .delete_custom_role(&who, &ssr::client(), company_id, role_id)
        .await
}
