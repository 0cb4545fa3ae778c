use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CompanyPublicationTypes;

/// The departments where the caller may assign publication types (core's
/// visibility, in SQL), with what each orders and the types on offer.
#[server(name = ListPublicationTypes, prefix = "/api", endpoint = "list_publication_types")]
pub async fn list_publication_types() -> Result<Vec<CompanyPublicationTypes>, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    let assign = Permission::DepartmentsAssignPublicationTypes;
    crate::checks::may_at_all(&who, assign, ResourceKind::Department)?;
    let me = Principal::User(who.user.principal.clone());
    shop.department_types(&visibility(&me, assign, ResourceKind::Department))
        .await
}
