use leptos::prelude::*;

use crate::error::AppError;

/// Inactivate or activate a chapter (409 when it is so already).
#[server(name = SetChapterActive, prefix = "/api", endpoint = "set_chapter_active")]
pub async fn set_chapter_active(chapter_id: i64, active: bool) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::ChaptersToggleActive, chapter_id).await?;
    docs.set_chapter_active(&who, &ssr::client(), &chapter, active)
        .await
}
