use leptos::prelude::*;

use crate::error::AppError;

/// Delete a member group: its members lose the roles they held through it.
#[server(name = DeleteGroup, prefix = "/api", endpoint = "delete_group")]
pub async fn delete_group(company_id: i64, group_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_groups(&who, company_id)?;
    ssr::accounts()?
        .delete_group(&who, &ssr::client(), company_id, group_id)
        .await
}
