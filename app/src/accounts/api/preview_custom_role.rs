use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{CustomRoleForm, HolderChange};

/// Before a role is saved: which of the members holding it would gain or
/// lose which permissions (their other roles counted, by `core`).
#[server(name = PreviewCustomRole, prefix = "/api", endpoint = "preview_custom_role", input = Json)]
pub async fn preview_custom_role(
    company_id: i64,
    role: CustomRoleForm,
) -> Result<Vec<HolderChange>, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::on_custom_roles(&who, company_id)?;
    let role = crate::checks::custom_role(&who, &accounts, company_id, &role).await?;
    accounts.custom_role_effect(&role).await
}
