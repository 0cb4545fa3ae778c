use leptos::prelude::*;

use crate::error::AppError;

/// Mark a chapter done, or reopen it (409 when it is so already).
#[server(name = SetChapterDone, prefix = "/api", endpoint = "set_chapter_done")]
pub async fn set_chapter_done(chapter_id: i64, done: bool) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter = check::chapter_for(&who, &docs, Permission::ChapterSetDone, chapter_id).await?;
    docs.set_chapter_done(&who, &ssr::client(), &chapter, done)
        .await
}
