use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CustomRoles;

/// A company's own roles, for those who may build them (PrintShop Mail Web
/// "Create new roles").
#[server(name = CustomRolesFn, prefix = "/api", endpoint = "custom_roles")]
pub async fn custom_roles(company_id: i64) -> Result<CustomRoles, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_custom_roles(&who, company_id)?;
    ssr::accounts()?
        .custom_roles(company_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))
}
