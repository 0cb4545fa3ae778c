//! What the chapter page and the comment and log server functions
//! exchange: comments on a chapter and the chapter's log.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The longest comment.
pub const MAX_COMMENT_LEN: usize = 4000;
/// The highest page number a comment may name.
pub const MAX_COMMENT_PAGE: i64 = 100_000;
/// The most log records one answer carries (newest first).
pub const LOG_LIMIT: u64 = 500;

/// Where a comment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    Open,
    InProgress,
    Done,
}

impl CommentStatus {
    pub const ALL: [CommentStatus; 3] = [
        CommentStatus::Open,
        CommentStatus::InProgress,
        CommentStatus::Done,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            CommentStatus::Open => "open",
            CommentStatus::InProgress => "in_progress",
            CommentStatus::Done => "done",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.slug() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CommentStatus::Open => "Open",
            CommentStatus::InProgress => "In progress",
            CommentStatus::Done => "Done",
        }
    }
}

/// One comment on a chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterComment {
    pub id: i64,
    pub chapter_id: i64,
    /// The page it is about, if any.
    pub page: Option<i32>,
    pub body: String,
    pub status: CommentStatus,
    pub author: String,
    /// As `2026-12-06 14:05 UTC`.
    pub created_at: String,
    /// Who set the status last, and when.
    pub status_changed: Option<(String, String)>,
}

/// One record of a chapter's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterLogRow {
    pub id: i64,
    /// As `2026-12-06 14:05:09 UTC`.
    pub at: String,
    /// The audit action, e.g. `chapter.lock`.
    pub action: String,
    /// The action in words ([`log_label`]).
    pub what: String,
    /// Who did it (name and address), if known.
    pub who: Option<String>,
    /// The administrator signed in as `who`, if any.
    pub acting_admin: Option<String>,
    pub outcome: String,
    pub detail: String,
}

/// A chapter's log: the newest records, at most `limit`; `more` when
/// older ones were left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterLog {
    pub rows: Vec<ChapterLogRow>,
    pub limit: u64,
    pub more: bool,
}

/// A chapter audit action in words.
pub fn log_label(action: &str) -> String {
    let known = match action {
        "chapter.create" => "Chapter created",
        "chapter.rename" => "Renamed",
        "chapter.move" => "Moved",
        "chapter.delete" => "Deleted",
        "chapter.activate" => "Activated",
        "chapter.inactivate" => "Inactivated",
        "chapter.done" => "Marked as done",
        "chapter.reopen" => "Reopened",
        "chapter.level_set" => "Level given",
        "chapter.level_remove" => "Level taken away",
        "chapter.lock" => "Checked out (Edit chapter)",
        "chapter.unlock" => "Unlocked",
        "chapter.unlock_other" => "Unlocked someone else's lock",
        "chapter.upload" => "Document uploaded",
        "chapter.check_in" => "Checked in a new version",
        "chapter.delete_version" => "Version deleted",
        "chapter.download_pdf" => "PDF downloaded",
        "chapter.download_document" => "Document downloaded",
        "chapter.comment_add" => "Comment added",
        "chapter.comment_status" => "Comment status changed",
        "chapter.comment_delete" => "Comment deleted",
        other => return other.trim_start_matches("chapter.").replace('_', " "),
    };
    known.to_string()
}

/// A comment's text: 1 to [`MAX_COMMENT_LEN`] characters, trimmed; line
/// breaks and tabs are kept, other control characters (NUL among them)
/// refused.
pub fn comment_body(body: &str) -> Result<&str, AppError> {
    let body = body.trim();
    let n = body.chars().count();
    if n == 0 {
        return Err(AppError::Invalid("Write the comment first.".into()));
    }
    if n > MAX_COMMENT_LEN {
        return Err(AppError::Invalid(format!(
            "A comment has at most {MAX_COMMENT_LEN} characters; this one has {n}."
        )));
    }
    if body
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::Invalid(
            "A comment cannot contain control characters.".into(),
        ));
    }
    Ok(body)
}

/// The page a comment is about: empty for none, else a whole number from
/// 1 to [`MAX_COMMENT_PAGE`].
pub fn comment_page(page: Option<&str>) -> Result<Option<i32>, AppError> {
    let Some(page) = page.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    match page.parse::<i64>() {
        Ok(n) if (1..=MAX_COMMENT_PAGE).contains(&n) => {
            i32::try_from(n).map(Some).map_err(|_| page_error())
        }
        _ => Err(page_error()),
    }
}

fn page_error() -> AppError {
    AppError::Invalid(format!(
        "Give the page as a whole number from 1 to {MAX_COMMENT_PAGE}, or leave it empty."
    ))
}

/// A comment's status as sent in forms.
pub fn comment_status(slug: &str) -> Result<CommentStatus, AppError> {
    CommentStatus::from_slug(slug)
        .ok_or_else(|| AppError::Invalid("Choose Open, In progress or Done.".into()))
}
