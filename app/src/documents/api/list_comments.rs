use leptos::prelude::*;

use crate::documents::comment_model::ChapterComment;
use crate::error::AppError;

/// A chapter's comments, oldest first, for everyone who may open the
/// chapter (any level on it, or an administrator of its project).
#[server(name = ListComments, prefix = "/api", endpoint = "list_comments")]
pub async fn list_comments(chapter_id: i64) -> Result<Vec<ChapterComment>, AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::DocumentsAccessPdf, chapter_id).await?;
    docs.comments(chapter.id).await
}
