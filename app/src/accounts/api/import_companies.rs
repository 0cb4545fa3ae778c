use leptos::prelude::*;

use crate::error::AppError;

/// The companies the caller may import members into (id, name).
#[server(name = ImportCompanies, prefix = "/api", endpoint = "import_companies")]
pub async fn import_companies() -> Result<Vec<(i64, String)>, AppError> {
    use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    if visibility(&me, Permission::UsersCreate, ResourceKind::User) == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you create users.".into(),
        ));
    }
    ssr::accounts()?.import_companies(&who).await
}
