use leptos::prelude::*;

use crate::documents::version_model::ChapterVersion;
use crate::error::AppError;

/// A chapter's versions, newest first: who checked each in when, with
/// its comment, pages and sizes. Everyone with a level on the chapter
/// (Read & Comment and up) or an administrator's reach may list them, as
/// they may download them.
#[server(name = ListVersions, prefix = "/api", endpoint = "list_versions")]
pub async fn list_versions(chapter_id: i64) -> Result<Vec<ChapterVersion>, AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::DocumentsAccessPdf, chapter_id).await?;
    docs.versions(chapter.id).await
}
