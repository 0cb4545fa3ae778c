use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MemberRow;

/// The longest search text accepted.
pub const MAX_SEARCH_LEN: usize = 200;

/// Members the caller may see (core's visibility for "See users", applied in
/// SQL), optionally searched by name or e-mail; at most 50, by name.
#[server(name = ListMembers, prefix = "/api", endpoint = "list_members")]
pub async fn list_members(search: String) -> Result<Vec<MemberRow>, AppError> {
    use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};
    let identity = crate::ssr::require_identity()?;
    let principal = Principal::User(identity.user.principal);
    let filter = visibility(&principal, Permission::UsersView, ResourceKind::User);
    if filter == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you see other members.".into(),
        ));
    }
    if search.chars().count() > MAX_SEARCH_LEN {
        return Err(AppError::Invalid(format!(
            "Search for at most {MAX_SEARCH_LEN} characters."
        )));
    }
    crate::ssr::accounts()?
        .list_members(&principal, &filter, &search)
        .await
}
