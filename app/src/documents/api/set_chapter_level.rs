use leptos::prelude::*;

use crate::error::AppError;

/// Give a member of the project's company a level on a chapter (Read &
/// Comment, InCopy, InDesign), or take it away (`level` "none").
#[server(name = SetChapterLevel, prefix = "/api", endpoint = "set_chapter_level")]
pub async fn set_chapter_level(
    chapter_id: i64,
    user_id: i64,
    level: String,
) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::documents::model::level_from_slug;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::ChapterSetPermissions, chapter_id).await?;
    let level = match level.as_str() {
        "none" => None,
        other => Some(level_from_slug(other).ok_or_else(|| {
            AppError::Invalid("Choose Read & Comment, InCopy, InDesign or no level.".into())
        })?),
    };
    if !docs.is_member(chapter.company_id, user_id).await? {
        return Err(AppError::Invalid(
            "Levels are given to members of the project's company only.".into(),
        ));
    }
    docs.set_chapter_level(&who, &ssr::client(), &chapter, user_id, level)
        .await
}
