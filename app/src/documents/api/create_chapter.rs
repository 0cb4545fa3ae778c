use leptos::prelude::*;

use crate::error::AppError;

/// Add a chapter at the end of a project; names are unique in the project.
#[server(name = CreateChapter, prefix = "/api", endpoint = "create_chapter")]
pub async fn create_chapter(project_id: i64, name: String) -> Result<i64, AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let project = check::project_for(&who, &docs, Permission::ChaptersCreate, project_id).await?;
    let name = check::chapter_name(&name)?;
    docs.create_chapter(&who, &ssr::client(), &project, name)
        .await
}
