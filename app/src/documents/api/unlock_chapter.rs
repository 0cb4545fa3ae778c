use leptos::prelude::*;

use crate::error::AppError;

/// Release a chapter's lock: one's own ("Unlock a chapter that is locked
/// by you"), or someone else's ("… locked by another user", for
/// administrators), decided from who holds it. 409 when nobody does.
#[server(name = UnlockChapter, prefix = "/api", endpoint = "unlock_chapter")]
pub async fn unlock_chapter(chapter_id: i64) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter = check::chapter_for_any(
        &who,
        &docs,
        &[
            Permission::ChapterUnlockOwn,
            Permission::ChapterUnlockOthers,
        ],
        chapter_id,
    )
    .await?;
    let holder = chapter.lock.as_ref().map(|l| l.user_id);
    let permission = match holder {
        Some(h) if h != who.user.id => Permission::ChapterUnlockOthers,
        _ => Permission::ChapterUnlockOwn,
    };
    check::on_chapter(&who, permission, &chapter)?;
    let Some(holder) = holder else {
        return Err(AppError::Conflict(format!(
            "Chapter \u{201c}{}\u{201d} is not checked out.",
            chapter.name
        )));
    };
    docs.unlock_chapter(&who, &ssr::client(), &chapter, holder)
        .await
}
