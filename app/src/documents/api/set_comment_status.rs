use leptos::prelude::*;

use crate::error::AppError;

/// Mark a comment open, in progress or done ("Change comment status":
/// every level, and administrators). 409 when it is so already.
#[server(name = SetCommentStatus, prefix = "/api", endpoint = "set_comment_status")]
pub async fn set_comment_status(comment_id: i64, status: String) -> Result<(), AppError> {
    use super::comment_checks::comment_for;
    use crate::documents::comment_model::comment_status;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let (chapter, comment) =
        comment_for(&who, &docs, Permission::CommentsChangeStatus, comment_id).await?;
    let status = comment_status(&status)?;
    docs.set_comment_status(&who, &ssr::client(), &chapter, &comment, status)
        .await
}
