use leptos::prelude::*;

use crate::error::AppError;

/// Create a project in a company; names are unique in the company.
#[server(name = CreateProject, prefix = "/api", endpoint = "create_project")]
pub async fn create_project(company_id: i64, name: String) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_projects(&who, company_id)?;
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > 120 || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(
            "Give the project a name of at most 120 characters.".into(),
        ));
    }
    ssr::accounts()?
        .create_project(&who, &ssr::client(), company_id, name)
        .await
}
