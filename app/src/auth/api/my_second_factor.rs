use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SecondFactorOverview;

/// The caller's own second factors and whether one is required, and why.
#[server(name = MySecondFactor, prefix = "/api", endpoint = "my_second_factor")]
pub async fn my_second_factor() -> Result<SecondFactorOverview, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::SessionsManageOwn)?;
    let mut overview = ssr::auth()?.my_second_factor(&who).await?;
    overview.recently_authenticated = who.recently_authenticated;
    Ok(overview)
}
