use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::CustomRoleForm;

/// Create or change one of the company's roles: at most what the creator
/// holds there, in one of the company's families (`core` decides). Its id.
#[server(name = SaveCustomRole, prefix = "/api", endpoint = "save_custom_role", input = Json)]
pub async fn save_custom_role(company_id: i64, role: CustomRoleForm) -> Result<i64, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_custom_roles(&who, company_id)?;
    let role = crate::checks::custom_role(&who, &accounts, company_id, &role).await?;
    accounts.save_custom_role(&who, &ssr::client(), &role).await
}
