//! What the documents pages and server functions exchange.

use imprimatur_core::{ChapterId, ChapterLevel, CompanyId, ProjectId, Resource, ResourceKind};
use serde::{Deserialize, Serialize};

/// The longest chapter name.
pub const MAX_CHAPTER_NAME_LEN: usize = 120;

/// Where a chapter's work stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChapterStatus {
    /// Nothing uploaded yet.
    Template,
    TextExists,
    /// Blocks editing until an administrator reopens it.
    Done,
}

impl ChapterStatus {
    pub fn slug(self) -> &'static str {
        match self {
            ChapterStatus::Template => "template",
            ChapterStatus::TextExists => "text_exists",
            ChapterStatus::Done => "done",
        }
    }
    pub fn from_slug(s: &str) -> Option<Self> {
        [
            ChapterStatus::Template,
            ChapterStatus::TextExists,
            ChapterStatus::Done,
        ]
        .into_iter()
        .find(|c| c.slug() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            ChapterStatus::Template => "Template",
            ChapterStatus::TextExists => "Text exists",
            ChapterStatus::Done => "Done",
        }
    }
}

/// Every chapter level, lowest first.
pub const LEVELS: [ChapterLevel; 3] = [
    ChapterLevel::ReadComment,
    ChapterLevel::InCopy,
    ChapterLevel::InDesign,
];

/// A level as stored and sent in forms.
pub fn level_slug(level: ChapterLevel) -> &'static str {
    match level {
        ChapterLevel::ReadComment => "read_comment",
        ChapterLevel::InCopy => "in_copy",
        ChapterLevel::InDesign => "in_design",
    }
}

pub fn level_from_slug(s: &str) -> Option<ChapterLevel> {
    LEVELS.into_iter().find(|l| level_slug(*l) == s)
}

/// A project as `core` sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFacts {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub company_name: String,
}

impl ProjectFacts {
    pub fn resource(&self) -> Resource {
        Resource::in_company(ResourceKind::Project, CompanyId(self.company_id))
            .with_id(self.id)
            .with_project(ProjectId(self.id))
    }
}

/// A chapter as `core` sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterFacts {
    pub id: i64,
    pub project_id: i64,
    pub company_id: i64,
    pub name: String,
    pub position: i32,
    pub status: ChapterStatus,
    pub active: bool,
    /// Who has it checked out ("Edit chapter"), if anyone.
    pub lock: Option<ChapterLock>,
}

/// A check-out: who holds the chapter for editing, since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterLock {
    pub user_id: i64,
    pub name: String,
    /// When it was taken, as `2026-12-06 14:05 UTC`.
    pub since: String,
}

impl ChapterFacts {
    pub fn resource(&self) -> Resource {
        chapter_resource(self.company_id, self.project_id, self.id)
    }

    /// The chapter's project, as `core` sees it.
    pub fn project(&self) -> Resource {
        Resource::in_company(ResourceKind::Project, CompanyId(self.company_id))
            .with_id(self.project_id)
            .with_project(ProjectId(self.project_id))
    }
}

pub fn chapter_resource(company_id: i64, project_id: i64, chapter_id: i64) -> Resource {
    Resource::in_company(ResourceKind::Chapter, CompanyId(company_id))
        .with_id(chapter_id)
        .with_chapter(ProjectId(project_id), ChapterId(chapter_id))
}

/// Who holds which level on a chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelHeld {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub level: ChapterLevel,
}

/// One line of a project's chapters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterRow {
    pub chapter: ChapterFacts,
    pub levels: Vec<LevelHeld>,
}

/// A member of the project's company, to give a level to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberChoice {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// A project's page: its chapters in order, and (for those who may set
/// levels) the company's members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectChapters {
    pub project: ProjectFacts,
    pub chapters: Vec<ChapterRow>,
    pub members: Vec<MemberChoice>,
}
