//! The comment a comment server function acts on, once `core` allows the
//! permission on its chapter.

use imprimatur_core::Permission;

use super::documents_checks as check;
use crate::documents::comment_model::ChapterComment;
use crate::documents::model::ChapterFacts;
use crate::error::AppError;
use crate::ssr::{RequestIdentity, SharedDocuments};

fn no_comment() -> AppError {
    AppError::NotFound("There is no such comment.".into())
}

/// 403 before anything is read when `permission` reaches no chapter;
/// then the comment and its chapter, 403 on a chapter the caller sees
/// and 404 (as for no such comment) on one they may not even download.
pub async fn comment_for(
    who: &RequestIdentity,
    docs: &SharedDocuments,
    permission: Permission,
    comment_id: i64,
) -> Result<(ChapterFacts, ChapterComment), AppError> {
    crate::checks::may_at_all(who, permission, permission.resource_kind())?;
    let comment = docs.comment(comment_id).await?.ok_or_else(no_comment)?;
    let chapter = docs
        .chapter(comment.chapter_id)
        .await?
        .ok_or_else(no_comment)?;
    check::on_chapter(who, permission, &chapter).map_err(|e| match e {
        AppError::NotFound(_) => no_comment(),
        other => other,
    })?;
    Ok((chapter, comment))
}
