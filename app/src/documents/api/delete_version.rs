use leptos::prelude::*;

use crate::error::AppError;

/// "Delete chapter versions": remove one version of a chapter and its
/// files (administrators). The newest version is refused while the
/// chapter is checked out (409): its holder is working from it.
#[server(name = DeleteVersion, prefix = "/api", endpoint = "delete_version")]
pub async fn delete_version(chapter_id: i64, number: i32) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::ChapterDeleteVersions, chapter_id).await?;
    if number < 1 {
        return Err(AppError::Invalid(
            "Versions are numbered from 1.".to_string(),
        ));
    }
    docs.delete_version(&who, &ssr::client(), &chapter, number)
        .await
}
