//! The demo's CtrlPrint project: Acme's "Annual Report 2026" (Acme is the
//! demo company whose people hold the documents roles: Clara the Company
//! Administrator, Doc the plain User). Four chapters, three of them with a
//! first version (a real small PDF and its text manuscript, both put
//! through the storage), levels for Doc and a few comments, so the module
//! shows itself working right after `make run`.

use chrono::{DateTime, Utc};
use futures::StreamExt;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::db::entities::{
    chapter, chapter_comment, chapter_grant, chapter_version, project, user,
};
use crate::documents::pdf;
use crate::error::ServerError;
use crate::storage::{ByteStream, Storage, Stored};

/// The demo project's name.
pub const PROJECT: &str = "Annual Report 2026";

/// A demo chapter: name, pages of its first PDF (none: still a template),
/// whether it is done, and its manuscript.
struct Chapter(&'static str, Option<u32>, bool, &'static str);

const CHAPTERS: &[Chapter] = &[
    Chapter(
        "Letter from the CEO",
        Some(2),
        false,
        "Dear shareholders,\n\n2026 was the year our customers ordered from their phones.\n",
    ),
    Chapter(
        "Sustainability report",
        Some(3),
        false,
        "Emissions per printed sheet fell by 12 per cent.\n",
    ),
    Chapter(
        "Financial statements",
        Some(4),
        true,
        "Income statement, balance sheet and cash flows for 2026.\n",
    ),
    Chapter("Notes to the accounts", None, false, ""),
];

/// (chapter, level) for Doc.
const DOC_LEVELS: &[(&str, &str)] = &[
    ("Letter from the CEO", "in_copy"),
    ("Sustainability report", "read_comment"),
    ("Financial statements", "read_comment"),
];

/// (chapter, page, author, body, status)
const COMMENTS: &[(&str, Option<i32>, &str, &str, &str)] = &[
    (
        "Letter from the CEO",
        Some(1),
        "clara@acme.test",
        "Please add the CEO's signature under the letter.",
        "open",
    ),
    (
        "Letter from the CEO",
        None,
        "doc@acme.test",
        "Second paragraph shortened as agreed.",
        "in_progress",
    ),
    (
        "Financial statements",
        Some(3),
        "doc@acme.test",
        "The cash flow figures match the auditors' copy.",
        "done",
    ),
];

/// Puts `bytes` into the storage (the demo's files are a few kilobytes).
async fn put(storage: &dyn Storage, bytes: Vec<u8>) -> Result<Stored, ServerError> {
    let body: ByteStream =
        futures::stream::once(async move { Ok(bytes::Bytes::from(bytes)) }).boxed();
    storage
        .put(body, 1024 * 1024)
        .await
        .map_err(|e| ServerError::Corrupt(format!("demo file not stored: {e}")))
}

async fn user_id(txn: &DatabaseTransaction, email: &str) -> Result<i64, ServerError> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(txn)
        .await?
        .map(|u| u.id)
        .ok_or_else(|| ServerError::Corrupt(format!("no demo account {email}")))
}

/// A file name for the chapter: its name in lower case, words joined by `-`.
fn file_name(chapter: &str, extension: &str) -> String {
    let stem: Vec<String> = chapter
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("{}.{extension}", stem.join("-"))
}

/// Loads the project into Acme (`company_id`); the files go into `storage`
/// and are written before the transaction commits (a failed load leaves
/// a few unreferenced demo files at most).
pub async fn load(
    txn: &DatabaseTransaction,
    storage: &dyn Storage,
    company_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    let clara = user_id(txn, "clara@acme.test").await?;
    let doc = user_id(txn, "doc@acme.test").await?;
    let project = project::ActiveModel {
        company_id: Set(company_id),
        name: Set(PROJECT.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut ids = std::collections::HashMap::new();
    for (position, Chapter(name, pages, done, manuscript)) in (1..).zip(CHAPTERS) {
        let status = match (pages, done) {
            (_, true) => "done",
            (Some(_), false) => "text_exists",
            (None, false) => "template",
        };
        let made = chapter::ActiveModel {
            project_id: Set(project.id),
            company_id: Set(company_id),
            name: Set(name.to_string()),
            position: Set(position),
            status: Set(status.to_string()),
            active: Set(true),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.insert(*name, made.id);
        let Some(pages) = pages else {
            continue;
        };
        let document = put(storage, manuscript.as_bytes().to_vec()).await?;
        let pdf_file = put(storage, pdf::sample(name, *pages)).await?;
        chapter_version::ActiveModel {
            chapter_id: Set(made.id),
            number: Set(1),
            document_key: Set(document.key),
            document_name: Set(file_name(name, "txt")),
            document_size: Set(i64::try_from(document.size).unwrap_or(i64::MAX)),
            document_sha256: Set(document.sha256),
            pdf_key: Set(pdf_file.key),
            pdf_size: Set(i64::try_from(pdf_file.size).unwrap_or(i64::MAX)),
            pdf_sha256: Set(pdf_file.sha256),
            pdf_pages: Set(i32::try_from(*pages).unwrap_or(i32::MAX)),
            comment: Set(Some("First version for the board.".to_string())),
            created_by: Set(clara),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    let chapter_of = |name: &str| {
        ids.get(name)
            .copied()
            .ok_or_else(|| ServerError::Corrupt(format!("no demo chapter {name}")))
    };
    for (name, level) in DOC_LEVELS {
        chapter_grant::ActiveModel {
            chapter_id: Set(chapter_of(name)?),
            user_id: Set(doc),
            level: Set(level.to_string()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for (name, page, author, body, status) in COMMENTS {
        chapter_comment::ActiveModel {
            chapter_id: Set(chapter_of(name)?),
            page: Set(*page),
            body: Set(body.to_string()),
            status: Set(status.to_string()),
            created_by: Set(user_id(txn, author).await?),
            created_at: Set(now),
            status_changed_by: Set((*status != "open").then_some(clara)),
            status_changed_at: Set((*status != "open").then_some(now)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chapter_file_is_named_after_the_chapter() {
        assert_eq!(
            file_name("Letter from the CEO", "txt"),
            "letter-from-the-ceo.txt"
        );
    }

    #[test]
    fn every_level_and_comment_names_a_demo_chapter() {
        let names: Vec<&str> = CHAPTERS.iter().map(|c| c.0).collect();
        assert!(DOC_LEVELS.iter().all(|(c, _)| names.contains(c)));
        assert!(COMMENTS.iter().all(|(c, ..)| names.contains(c)));
    }
}
