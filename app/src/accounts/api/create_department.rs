use leptos::prelude::*;

use crate::error::AppError;

/// Add a department to a company ("Add departments").
#[server(name = CreateDepartment, prefix = "/api", endpoint = "create_department")]
pub async fn create_department(company_id: i64, name: String) -> Result<String, AppError> {
    use imprimatur_core::{CompanyId, Permission, Principal, Resource, ResourceKind, authorize};

    use crate::model::MAX_DEPARTMENT_NAME_LEN;
    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(authorize(
        &me,
        Permission::DepartmentsCreate,
        &Resource::in_company(ResourceKind::Department, CompanyId(company_id)),
    ))?;
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_DEPARTMENT_NAME_LEN || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "Give the department a name of at most {MAX_DEPARTMENT_NAME_LEN} characters."
        )));
    }
    let accounts = ssr::accounts()?;
    // 404 for a company that does not exist.
    accounts.assign_target(company_id, None, None).await?;
    accounts
        .create_department(&who, &ssr::client(), company_id, name)
        .await?;
    Ok(format!("Department \u{201c}{name}\u{201d} added."))
}
