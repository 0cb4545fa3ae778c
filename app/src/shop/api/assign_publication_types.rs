use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::AppError;

/// "Assign publication types to a department" (PrintShop Mail Web): the
/// department's members then see and order only products of these types;
/// `None` lets them order every type again. Types must be those of the
/// company's products.
#[server(
    name = AssignPublicationTypes,
    prefix = "/api",
    endpoint = "assign_publication_types",
    input = Json
)]
pub async fn assign_publication_types(
    department_id: i64,
    limit: Option<Vec<String>>,
) -> Result<String, AppError> {
    use imprimatur_core::{CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind};

    use crate::model::checked_limit;
    use crate::ssr;
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    let assign = Permission::DepartmentsAssignPublicationTypes;
    crate::checks::may_at_all(&who, assign, ResourceKind::Department)?;
    let missing = || AppError::NotFound("There is no such department.".into());
    let (company_id, known) = shop
        .department_type_choices(department_id)
        .await?
        .ok_or_else(missing)?;
    let here = Resource::in_company(ResourceKind::Department, CompanyId(company_id))
        .with_id(department_id)
        .with_department(DepartmentId(department_id));
    let seeing = [
        assign,
        Permission::DepartmentsEdit,
        Permission::DepartmentsCreate,
    ];
    let me = Principal::User(who.user.principal.clone());
    crate::checks::on_row(&me, assign, &here, &seeing, missing())?;
    let limit = checked_limit(limit, &known).map_err(AppError::Invalid)?;
    let done = match &limit {
        None => "now orders every publication type".to_string(),
        Some(types) => format!("now orders only: {}", types.join(", ")),
    };
    shop.assign_publication_types(&who, &ssr::client(), department_id, company_id, limit)
        .await?;
    Ok(format!("The department {done}."))
}
