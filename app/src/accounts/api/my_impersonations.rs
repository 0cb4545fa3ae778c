use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ImpersonationRow;

/// When administrators acted as the caller, and why.
#[server(name = MyImpersonations, prefix = "/api", endpoint = "my_impersonations")]
pub async fn my_impersonations() -> Result<Vec<ImpersonationRow>, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::SessionsManageOwn)?;
    ssr::accounts()?.impersonations_of(&who).await
}
