use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CurrentUser;

/// Who is signed in. Only ever the caller's own identity, so there is
/// nothing to authorize beyond the session itself.
#[server(name = CurrentUserFn, prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::ssr::identity().map(|i| i.user))
}
