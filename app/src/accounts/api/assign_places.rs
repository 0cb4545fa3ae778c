use leptos::prelude::*;

use crate::error::AppError;
use crate::model::InvitePlace;

/// Where the caller may give roles, and which (from `core`).
#[server(name = AssignPlaces, prefix = "/api", endpoint = "assign_places")]
pub async fn assign_places() -> Result<Vec<InvitePlace>, AppError> {
    use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    let assign = visibility(&me, Permission::RolesAssign, ResourceKind::Membership);
    let admins = visibility(
        &me,
        Permission::AdministratorsManage,
        ResourceKind::Platform,
    );
    if assign == Filter::None && admins == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you give roles.".into(),
        ));
    }
    ssr::accounts()?.assign_places(&who).await
}
