use leptos::prelude::*;

use crate::error::AppError;

/// Comment on a chapter ("Add comments": every level, and
/// administrators), optionally about one page; the comment starts open.
/// Returns its id.
///
/// A done chapter takes comments too: CtrlPrint's seed lists "Add
/// comments" for every role with no word of the chapter's status, and
/// "done" stops editing the document (check-outs), not reviewing it; a
/// comment on a done chapter is how a reader asks an administrator to
/// reopen it.
///
/// `page` is text so that a form's empty page field means "no page".
#[server(name = AddComment, prefix = "/api", endpoint = "add_comment")]
pub async fn add_comment(
    chapter_id: i64,
    page: Option<String>,
    body: String,
) -> Result<i64, AppError> {
    use super::documents_checks as check;
    use crate::documents::comment_model::{comment_body, comment_page};
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter = check::chapter_for(&who, &docs, Permission::CommentsAdd, chapter_id).await?;
    let page = comment_page(page.as_deref())?;
    let body = comment_body(&body)?;
    docs.add_comment(&who, &ssr::client(), &chapter, page, body)
        .await
}
