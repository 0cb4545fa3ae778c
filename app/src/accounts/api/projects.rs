use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Projects;

/// A company's projects, for those who may create and delete them
/// (CtrlPrint Company Administrator).
#[server(name = ProjectsFn, prefix = "/api", endpoint = "projects")]
pub async fn projects(company_id: i64) -> Result<Projects, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_projects(&who, company_id)?;
    ssr::accounts()?
        .projects(company_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))
}
