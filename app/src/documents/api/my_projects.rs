use leptos::prelude::*;

use crate::documents::model::ProjectFacts;
use crate::error::AppError;

/// The projects the caller may see the chapters of: all of a company's for
/// its Company Administrators, the administered ones for a Project
/// Administrator, and for a plain User those they hold a chapter level in.
#[server(name = MyProjects, prefix = "/api", endpoint = "my_projects")]
pub async fn my_projects() -> Result<Vec<ProjectFacts>, AppError> {
    use crate::ssr;
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let docs = ssr::documents()?;
    let who = ssr::require_identity()?;
    let (p, k) = (Permission::ChapterAccessView, ResourceKind::Project);
    crate::checks::may_at_all(&who, p, k)?;
    let me = Principal::User(who.user.principal.clone());
    docs.projects(&visibility(&me, p, k)).await
}
