use leptos::prelude::*;

use crate::documents::model::ProjectChapters;
use crate::error::AppError;

/// A project's chapters in order, each with who holds which level on it
/// ("View a project's chapter access permissions"); a plain User sees
/// only the chapters they hold a level on. Those who may set levels also
/// get the company's members to choose from.
#[server(name = ListChapters, prefix = "/api", endpoint = "list_chapters")]
pub async fn list_chapters(project_id: i64) -> Result<ProjectChapters, AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::{Permission, Principal, ResourceKind, authorize, visibility};
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let project =
        check::project_for(&who, &docs, Permission::ChapterAccessView, project_id).await?;
    let me = Principal::User(who.user.principal.clone());
    let seen = visibility(&me, Permission::DocumentsAccessPdf, ResourceKind::Chapter);
    let chapters = docs.chapters(project.id, &seen).await?;
    let members =
        if authorize(&me, Permission::ChapterSetPermissions, &project.resource()).is_allowed() {
            docs.company_members(project.company_id).await?
        } else {
            Vec::new()
        };
    Ok(ProjectChapters {
        project,
        chapters,
        members,
    })
}
