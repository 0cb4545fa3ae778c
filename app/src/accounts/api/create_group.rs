use leptos::prelude::*;

use crate::error::AppError;

/// Create a member group in a company; names are unique in the company.
#[server(name = CreateGroup, prefix = "/api", endpoint = "create_group")]
pub async fn create_group(company_id: i64, name: String) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_groups(&who, company_id)?;
    crate::checks::group_name(&name)?;
    ssr::accounts()?
        .create_group(&who, &ssr::client(), company_id, name.trim())
        .await
}
