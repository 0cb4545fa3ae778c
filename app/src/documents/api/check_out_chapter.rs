use leptos::prelude::*;

use crate::error::AppError;

/// "Edit chapter": check the chapter out, so that nobody else edits it
/// until it is unlocked. Needs InCopy or InDesign on it ("Edit text in
/// InCopy", which InDesign covers) or an administrator's reach; of several
/// who click at once exactly one gets it, the others are told who holds
/// it since when (409). A done or inactive chapter is refused (409).
#[server(name = CheckOutChapter, prefix = "/api", endpoint = "check_out_chapter")]
pub async fn check_out_chapter(chapter_id: i64) -> Result<(), AppError> {
    use super::documents_checks as check;
    use crate::ssr;
    use imprimatur_core::Permission;
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let chapter =
        check::chapter_for(&who, &docs, Permission::DocumentsAccessEdit, chapter_id).await?;
    check::on_chapter(&who, Permission::DocumentsEditText, &chapter)?;
    docs.check_out_chapter(&who, &ssr::client(), &chapter).await
}
