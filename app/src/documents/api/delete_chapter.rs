use leptos::prelude::*;

use crate::error::AppError;

/// Delete a chapter and the levels held on it.
#[server(name = DeleteChapter, prefix = "/api", endpoint = "delete_chapter")]
pub async fn delete_chapter(chapter_id: i64) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter = check::chapter_for(&who, &docs, Permission::ChaptersDelete, chapter_id).await?;
    docs.delete_chapter(&who, &ssr::client(), &chapter).await
}
