use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SessionRow;

/// The caller's own live sessions.
#[server(name = MySessions, prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionRow>, AppError> {
    use imprimatur_core::{Permission, Principal, Resource, ResourceKind, UserId, authorize};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    super::checks::allowed(authorize(
        &me,
        Permission::SessionsManageOwn,
        &Resource::new(ResourceKind::Account).with_owner(UserId(who.user.id)),
    ))?;
    ssr::backend()?.my_sessions(&who).await
}
