//! Checks shared by the documents server functions: the `core` questions a
//! project or chapter passes before anything is written, and input limits.

use imprimatur_core::{Permission, Principal, Resource, authorize};

use crate::documents::model::{ChapterFacts, MAX_CHAPTER_NAME_LEN, ProjectFacts};
use crate::error::AppError;
use crate::ssr::{RequestIdentity, SharedDocuments};

fn me(who: &RequestIdentity) -> Principal {
    Principal::User(who.user.principal.clone())
}

fn no_project() -> AppError {
    AppError::NotFound("There is no such project.".into())
}

fn no_chapter() -> AppError {
    AppError::NotFound("There is no such chapter.".into())
}

/// `permission` on `row`: allowed, or 403 when the caller sees `seen` (the
/// project's chapter access, or the chapter itself), or 404 as for no such
/// row, so that guessing ids reveals nothing.
fn decide(
    me: &Principal,
    permission: Permission,
    row: &Resource,
    seen: &[(Permission, &Resource)],
    missing: AppError,
) -> Result<(), AppError> {
    let decision = authorize(me, permission, row);
    if decision.is_allowed() {
        return Ok(());
    }
    if seen.iter().any(|(p, r)| authorize(me, *p, r).is_allowed()) {
        crate::checks::allowed(decision)
    } else {
        Err(missing)
    }
}

/// The project, once `core` allows `permission` (of a project) on it.
pub async fn project_for(
    who: &RequestIdentity,
    docs: &SharedDocuments,
    permission: Permission,
    project_id: i64,
) -> Result<ProjectFacts, AppError> {
    crate::checks::may_at_all(who, permission, permission.resource_kind())?;
    let project = docs.project(project_id).await?.ok_or_else(no_project)?;
    let row = project.resource();
    decide(
        &me(who),
        permission,
        &row,
        &[(Permission::ChapterAccessView, &row)],
        no_project(),
    )?;
    Ok(project)
}

/// The chapter, once `core` allows `permission` on it (on its project for
/// a permission of projects).
pub async fn chapter_for(
    who: &RequestIdentity,
    docs: &SharedDocuments,
    permission: Permission,
    chapter_id: i64,
) -> Result<ChapterFacts, AppError> {
    crate::checks::may_at_all(who, permission, permission.resource_kind())?;
    let chapter = docs.chapter(chapter_id).await?.ok_or_else(no_chapter)?;
    on_chapter(who, permission, &chapter)?;
    Ok(chapter)
}

/// The chapter, once one of `permissions` reaches some chapter (403
/// before anything is read otherwise); the caller then asks which of them
/// this chapter needs (`on_chapter`).
pub async fn chapter_for_any(
    who: &RequestIdentity,
    docs: &SharedDocuments,
    permissions: &[Permission],
    chapter_id: i64,
) -> Result<ChapterFacts, AppError> {
    let reached = permissions
        .iter()
        .any(|p| crate::checks::may_at_all(who, *p, p.resource_kind()).is_ok());
    if !reached {
        let asked: Vec<String> = permissions
            .iter()
            .map(|p| format!("\u{201c}{}\u{201d}", p.label()))
            .collect();
        return Err(AppError::Forbidden(format!(
            "None of your roles allows {}.",
            asked.join(" or ")
        )));
    }
    docs.chapter(chapter_id).await?.ok_or_else(no_chapter)
}

/// `permission` on `chapter` (on its project for a permission of
/// projects): 403, or 404 for a chapter the caller may not even download.
pub fn on_chapter(
    who: &RequestIdentity,
    permission: Permission,
    chapter: &ChapterFacts,
) -> Result<(), AppError> {
    let on_chapter = chapter.resource();
    let row = if permission.resource_kind() == on_chapter.kind {
        on_chapter.clone()
    } else {
        chapter.project()
    };
    decide(
        &me(who),
        permission,
        &row,
        &[(Permission::DocumentsAccessPdf, &on_chapter)],
        no_chapter(),
    )
}

/// A chapter's name: 1 to 120 characters on one line, trimmed.
pub fn chapter_name(name: &str) -> Result<&str, AppError> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_CHAPTER_NAME_LEN || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "Give the chapter a name of at most {MAX_CHAPTER_NAME_LEN} characters on one line."
        )));
    }
    Ok(name)
}
