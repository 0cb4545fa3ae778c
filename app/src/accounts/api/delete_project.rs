use leptos::prelude::*;

use crate::error::AppError;

/// Delete a project; refused (409) while anyone holds a role there.
#[server(name = DeleteProject, prefix = "/api", endpoint = "delete_project")]
pub async fn delete_project(company_id: i64, project_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_projects(&who, company_id)?;
    ssr::accounts()?
        .delete_project(&who, &ssr::client(), company_id, project_id)
        .await
}
