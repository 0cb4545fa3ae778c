use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CompanyDepartments;

/// The companies where the caller may add departments, with their departments.
#[server(name = DepartmentCompanies, prefix = "/api", endpoint = "department_companies")]
pub async fn department_companies() -> Result<Vec<CompanyDepartments>, AppError> {
    use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    if visibility(&me, Permission::DepartmentsCreate, ResourceKind::Department) == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you add departments.".into(),
        ));
    }
    ssr::accounts()?.department_companies(&who).await
}
