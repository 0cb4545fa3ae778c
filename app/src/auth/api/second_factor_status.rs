use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SecondFactorStatus;

/// What the second step of a sign-in asks for. Only a sign-in that passed
/// the password has one; everyone else gets 401.
#[server(name = SecondFactorStatusFn, prefix = "/api", endpoint = "second_factor_status")]
pub async fn second_factor_status() -> Result<SecondFactorStatus, AppError> {
    use crate::ssr;
    let pending = ssr::require_pending()?;
    ssr::auth()?.second_factor_status(&pending).await
}
