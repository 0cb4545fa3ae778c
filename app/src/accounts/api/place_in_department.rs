use leptos::prelude::*;

use crate::error::AppError;

/// Put a member in a department of one of their companies, or take them
/// out ("Place users in departments"). A department manager does so only in
/// the departments they manage; nobody changes their own.
#[server(name = PlaceInDepartment, prefix = "/api", endpoint = "place_in_department")]
pub async fn place_in_department(
    user_id: i64,
    department_id: i64,
    member: bool,
) -> Result<(), AppError> {
    use imprimatur_core::{Filter, Permission, Principal, ResourceKind, authorize};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let accounts = ssr::accounts()?;
    crate::checks::may_at_all(
        &who,
        Permission::UsersPlaceInDepartments,
        ResourceKind::User,
    )?;
    if who.user.id == user_id {
        return Err(AppError::Forbidden(
            "This acts on your own account; ask another administrator.".into(),
        ));
    }
    crate::checks::visible_member(&who, &accounts, user_id).await?;
    let me = Principal::User(who.user.principal.clone());
    // Any department of the member's companies: core's answer on it follows,
    // so a department the caller does not manage is a 403, not a 404.
    let place = accounts
        .member_departments(user_id, &Filter::All)
        .await?
        .into_iter()
        .find(|d| d.department_id == department_id)
        .ok_or_else(|| {
            AppError::NotFound("That department is not in one of the member's companies.".into())
        })?;
    crate::checks::allowed(authorize(
        &me,
        Permission::UsersPlaceInDepartments,
        &crate::checks::member_in(user_id, &place),
    ))?;
    accounts
        .place_in_department(&who, &ssr::client(), user_id, department_id, member)
        .await
}
