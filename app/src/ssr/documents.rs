//! The documents side of the backend (CtrlPrint): projects, chapters,
//! chapter levels and check-out locks. Like [`super::Press`], it only
//! reads and writes; the server functions asked `core` first.

use std::sync::Arc;

use imprimatur_core::{ChapterLevel, Filter};
use leptos::prelude::use_context;

use super::{Client, RequestIdentity};
use crate::documents::model::{ChapterFacts, ChapterRow, MemberChoice, ProjectFacts};
use crate::error::AppError;

#[async_trait::async_trait]
pub trait Documents: Send + Sync + 'static {
    /// Projects matching `filter` (core's visibility on projects), by
    /// company and name.
    async fn projects(&self, filter: &Filter) -> Result<Vec<ProjectFacts>, AppError>;
    async fn project(&self, id: i64) -> Result<Option<ProjectFacts>, AppError>;
    /// The project's chapters matching `filter` (core's visibility on
    /// chapters), in order, each with everyone's level on it.
    async fn chapters(&self, project_id: i64, filter: &Filter)
    -> Result<Vec<ChapterRow>, AppError>;
    async fn chapter(&self, id: i64) -> Result<Option<ChapterFacts>, AppError>;
    /// The chapter's comments, oldest first.
    async fn comments(
        &self,
        chapter_id: i64,
    ) -> Result<Vec<crate::documents::comment_model::ChapterComment>, AppError>;
    async fn comment(
        &self,
        id: i64,
    ) -> Result<Option<crate::documents::comment_model::ChapterComment>, AppError>;
    /// Adds a comment (open); returns its id.
    async fn add_comment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        page: Option<i32>,
        body: &str,
    ) -> Result<i64, AppError>;
    /// 409 when it has that status already.
    async fn set_comment_status(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        comment: &crate::documents::comment_model::ChapterComment,
        status: crate::documents::comment_model::CommentStatus,
    ) -> Result<(), AppError>;
    async fn delete_comment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        comment: &crate::documents::comment_model::ChapterComment,
    ) -> Result<(), AppError>;
    /// The chapter's audit records, newest first, at most `limit`.
    async fn chapter_log(
        &self,
        chapter: &ChapterFacts,
        limit: u64,
    ) -> Result<crate::documents::comment_model::ChapterLog, AppError>;
    /// Everyone holding a role in the company, by name.
    async fn company_members(&self, company_id: i64) -> Result<Vec<MemberChoice>, AppError>;
    /// Whether `user_id` holds a role in the company.
    async fn is_member(&self, company_id: i64, user_id: i64) -> Result<bool, AppError>;
    /// Adds a chapter at the end of the project (409 for a name taken
    /// there); returns its id.
    async fn create_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        project: &ProjectFacts,
        name: &str,
    ) -> Result<i64, AppError>;
    async fn rename_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        name: &str,
    ) -> Result<(), AppError>;
    /// Swaps the chapter with the one before (`up`) or after it; 409 at
    /// either end.
    async fn move_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        up: bool,
    ) -> Result<(), AppError>;
    /// Deletes the chapter and the levels on it.
    async fn delete_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
    ) -> Result<(), AppError>;
    /// 409 when it is so already.
    async fn set_chapter_active(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        active: bool,
    ) -> Result<(), AppError>;
    /// Marks it done, or reopens it; 409 when it is so already.
    async fn set_chapter_done(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        done: bool,
    ) -> Result<(), AppError>;
    /// Gives `user_id` `level` on the chapter, or takes their level away
    /// (`None`; 409 when they hold none).
    async fn set_chapter_level(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        user_id: i64,
        level: Option<ChapterLevel>,
    ) -> Result<(), AppError>;
    /// "Edit chapter": takes the lock for `who` in one conditional update
    /// (nobody holds it, not done, active); 409 saying who holds it since
    /// when, or why not, otherwise.
    async fn check_out_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
    ) -> Result<(), AppError>;
    /// Releases the lock `holder` has on the chapter; 409 when they hold
    /// it no more.
    async fn unlock_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        holder: i64,
    ) -> Result<(), AppError>;
    /// The chapter's versions, newest first.
    async fn versions(
        &self,
        chapter_id: i64,
    ) -> Result<Vec<crate::documents::version_model::ChapterVersion>, AppError>;
    /// Deletes version `number`, then its files; 409 for the newest while
    /// the chapter is checked out, 404 for no such version.
    async fn delete_version(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        number: i32,
    ) -> Result<(), AppError>;
}

pub type SharedDocuments = Arc<dyn Documents>;

/// The documents backend from the request's context; take it before the
/// first `.await`.
#[track_caller]
pub fn documents() -> Result<SharedDocuments, AppError> {
    let caller = std::panic::Location::caller();
    use_context::<SharedDocuments>().ok_or_else(|| {
        tracing::error!(%caller, "no documents backend in context");
        AppError::Internal
    })
}
