use leptos::prelude::*;

use crate::error::AppError;

/// Move a chapter one place up or down in its project (409 at either end).
#[server(name = MoveChapter, prefix = "/api", endpoint = "move_chapter")]
pub async fn move_chapter(chapter_id: i64, up: bool) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::ChapterRenameReorder, chapter_id).await?;
    docs.move_chapter(&who, &ssr::client(), &chapter, up).await
}
