use leptos::prelude::*;

use crate::documents::comment_model::ChapterLog;
use crate::error::AppError;

/// A chapter's log ("View chapter logs": company and project
/// administrators): its audit records, newest first, the latest
/// [`LOG_LIMIT`](crate::documents::comment_model::LOG_LIMIT) of them.
#[server(name = ChapterLogList, prefix = "/api", endpoint = "chapter_log")]
pub async fn chapter_log(chapter_id: i64) -> Result<ChapterLog, AppError> {
    use super::documents_checks as check;
    use crate::documents::comment_model::LOG_LIMIT;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter = check::chapter_for(&who, &docs, Permission::ChapterViewLogs, chapter_id).await?;
    docs.chapter_log(&chapter, LOG_LIMIT).await
}
