use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Groups;

/// A company's member groups, for those who may manage them ("Manage member
/// groups"), with where they may give groups roles.
#[server(name = GroupsFn, prefix = "/api", endpoint = "groups")]
pub async fn groups(company_id: i64) -> Result<Groups, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_groups(&who, company_id)?;
    ssr::accounts()?
        .groups(&who, company_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))
}
