use leptos::prelude::*;

use crate::error::AppError;

/// Rename a chapter; names are unique in the project.
#[server(name = RenameChapter, prefix = "/api", endpoint = "rename_chapter")]
pub async fn rename_chapter(chapter_id: i64, name: String) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::ChapterRenameReorder, chapter_id).await?;
    let name = check::chapter_name(&name)?;
    docs.rename_chapter(&who, &ssr::client(), &chapter, name)
        .await
}
