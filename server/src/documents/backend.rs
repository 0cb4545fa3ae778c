//! The app's [`Documents`] over the database.

use imprimatur_app::documents::model::{ChapterFacts, ChapterRow, MemberChoice, ProjectFacts};
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, Documents, RequestIdentity};
use imprimatur_core::{ChapterLevel, Filter};

use super::{chapters, levels, locks, projects};
use crate::db::Db;

pub struct ServerDocuments {
    pub db: Db,
    /// Chapter files: a deleted version's go after its row.
    pub storage: std::sync::Arc<dyn crate::storage::Storage>,
}

#[async_trait::async_trait]
impl Documents for ServerDocuments {
    async fn projects(&self, filter: &Filter) -> Result<Vec<ProjectFacts>, AppError> {
        Ok(projects::list(&self.db, filter).await?)
    }

    async fn project(&self, id: i64) -> Result<Option<ProjectFacts>, AppError> {
        Ok(projects::one(&self.db, id).await?)
    }

    async fn chapters(
        &self,
        project_id: i64,
        filter: &Filter,
    ) -> Result<Vec<ChapterRow>, AppError> {
        Ok(chapters::list(&self.db, project_id, filter).await?)
    }

    async fn chapter(&self, id: i64) -> Result<Option<ChapterFacts>, AppError> {
        Ok(chapters::one(&self.db.read, id).await?)
    }

    async fn comments(
        &self,
        chapter_id: i64,
    ) -> Result<Vec<imprimatur_app::documents::comment_model::ChapterComment>, AppError> {
        Ok(super::comments::list(&self.db, chapter_id).await?)
    }

    async fn comment(
        &self,
        id: i64,
    ) -> Result<Option<imprimatur_app::documents::comment_model::ChapterComment>, AppError> {
        Ok(super::comments::one(&self.db, id).await?)
    }

    async fn add_comment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        page: Option<i32>,
        body: &str,
    ) -> Result<i64, AppError> {
        super::comments::add(&self.db, who, client, chapter, page, body).await
    }

    async fn set_comment_status(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        comment: &imprimatur_app::documents::comment_model::ChapterComment,
        status: imprimatur_app::documents::comment_model::CommentStatus,
    ) -> Result<(), AppError> {
        super::comments::set_status(&self.db, who, client, chapter, comment, status).await
    }

    async fn delete_comment(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        comment: &imprimatur_app::documents::comment_model::ChapterComment,
    ) -> Result<(), AppError> {
        super::comments::delete(&self.db, who, client, chapter, comment).await
    }

    async fn chapter_log(
        &self,
        chapter: &ChapterFacts,
        limit: u64,
    ) -> Result<imprimatur_app::documents::comment_model::ChapterLog, AppError> {
        Ok(super::log::list(&self.db, chapter, limit).await?)
    }

    async fn company_members(&self, company_id: i64) -> Result<Vec<MemberChoice>, AppError> {
        Ok(projects::members(&self.db, company_id).await?)
    }

    async fn is_member(&self, company_id: i64, user_id: i64) -> Result<bool, AppError> {
        Ok(projects::is_member(&self.db, company_id, user_id).await?)
    }

    async fn create_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        project: &ProjectFacts,
        name: &str,
    ) -> Result<i64, AppError> {
        chapters::create(&self.db, who, client, project, name).await
    }

    async fn rename_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        name: &str,
    ) -> Result<(), AppError> {
        chapters::rename(&self.db, who, client, chapter, name).await
    }

    async fn move_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        up: bool,
    ) -> Result<(), AppError> {
        chapters::move_one(&self.db, who, client, chapter, up).await
    }

    async fn delete_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
    ) -> Result<(), AppError> {
        chapters::delete(&self.db, self.storage.as_ref(), who, client, chapter).await
    }

    async fn set_chapter_active(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        active: bool,
    ) -> Result<(), AppError> {
        chapters::set_active(&self.db, who, client, chapter, active).await
    }

    async fn set_chapter_done(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        done: bool,
    ) -> Result<(), AppError> {
        chapters::set_done(&self.db, who, client, chapter, done).await
    }

    async fn set_chapter_level(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        user_id: i64,
        level: Option<ChapterLevel>,
    ) -> Result<(), AppError> {
        levels::set(&self.db, who, client, chapter, user_id, level).await
    }

    async fn check_out_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
    ) -> Result<(), AppError> {
        locks::check_out(&self.db, who, client, chapter).await
    }

    async fn unlock_chapter(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        holder: i64,
    ) -> Result<(), AppError> {
        locks::unlock(&self.db, who, client, chapter, holder).await
    }

    async fn versions(
        &self,
        chapter_id: i64,
    ) -> Result<Vec<imprimatur_app::documents::version_model::ChapterVersion>, AppError> {
        Ok(super::versions::list(&self.db, chapter_id).await?)
    }

    async fn delete_version(
        &self,
        who: &RequestIdentity,
        client: &Client,
        chapter: &ChapterFacts,
        number: i32,
    ) -> Result<(), AppError> {
        super::versions::delete(
            &self.db,
            self.storage.as_ref(),
            who,
            client,
            chapter,
            number,
        )
        .await
    }
}
