use leptos::prelude::*;

use crate::error::AppError;

/// Delete a comment ("Delete comments": company and project
/// administrators only).
#[server(name = DeleteComment, prefix = "/api", endpoint = "delete_comment")]
pub async fn delete_comment(comment_id: i64) -> Result<(), AppError> {
    use super::comment_checks::comment_for;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let (chapter, comment) =
        comment_for(&who, &docs, Permission::CommentsDelete, comment_id).await?;
    docs.delete_comment(&who, &ssr::client(), &chapter, &comment)
        .await
}
