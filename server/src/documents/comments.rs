//! Comments on a chapter (CtrlPrint: "Add comments", "Change comment
//! status", "Delete comments"). Each change in one transaction with its
//! audit record, named `chapter.comment_*` and carrying the chapter's id
//! as the other chapter records do, so it shows in the chapter log.

use chrono::{DateTime, Utc};
use imprimatur_app::documents::comment_model::{ChapterComment, CommentStatus};
use imprimatur_app::documents::model::ChapterFacts;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::chapters::commit;
use super::locks;
use crate::db::Db;
use crate::db::entities::chapter_comment;
use crate::error::{ServerError, internal};

/// The most comments one chapter lists.
const PAGE: u64 = 2000;

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn no_comment() -> AppError {
    AppError::NotFound("There is no such comment.".into())
}

/// A comment's first words on one line, for the log.
pub(super) fn excerpt(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = line.chars().take(120).collect();
    if short.chars().count() < line.chars().count() {
        short.push('\u{2026}');
    }
    short
}

fn rows(
    found: Vec<chapter_comment::Model>,
    names: &std::collections::HashMap<i64, String>,
) -> Result<Vec<ChapterComment>, ServerError> {
    let name = |id: i64| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("account {id}"))
    };
    found
        .into_iter()
        .map(|c| {
            let status = CommentStatus::from_slug(&c.status).ok_or_else(|| {
                ServerError::Corrupt(format!("unknown comment status {:?}", c.status))
            })?;
            Ok(ChapterComment {
                id: c.id,
                chapter_id: c.chapter_id,
                page: c.page,
                body: c.body,
                status,
                author: name(c.created_by),
                created_at: when(c.created_at),
                status_changed: c
                    .status_changed_by
                    .zip(c.status_changed_at)
                    .map(|(by, at)| (name(by), when(at))),
            })
        })
        .collect()
}

/// The chapter's comments, oldest first: two queries.
pub async fn list(db: &Db, chapter_id: i64) -> Result<Vec<ChapterComment>, ServerError> {
    let found = chapter_comment::Entity::find()
        .filter(chapter_comment::Column::ChapterId.eq(chapter_id))
        .order_by_asc(chapter_comment::Column::Id)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    let people: Vec<i64> = found
        .iter()
        .flat_map(|c| [Some(c.created_by), c.status_changed_by])
        .flatten()
        .collect();
    let names = locks::holders(&db.read, people).await?;
    rows(found, &names)
}

pub async fn one(db: &Db, id: i64) -> Result<Option<ChapterComment>, ServerError> {
    let Some(found) = chapter_comment::Entity::find_by_id(id)
        .one(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let names = locks::holders(
        &db.read,
        [Some(found.created_by), found.status_changed_by]
            .into_iter()
            .flatten(),
    )
    .await?;
    Ok(rows(vec![found], &names)?.pop())
}

/// Adds an open comment; the body and page were checked by the caller.
pub async fn add(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    page: Option<i32>,
    body: &str,
) -> Result<i64, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let made = chapter_comment::ActiveModel {
        chapter_id: Set(c.id),
        page: Set(page),
        body: Set(body.to_string()),
        status: Set(CommentStatus::Open.slug().to_string()),
        created_by: Set(who.user.id),
        created_at: Set(Utc::now()),
        status_changed_by: Set(None),
        status_changed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let on_page = page.map(|p| format!(" (page {p})")).unwrap_or_default();
    commit(
        txn,
        "chapter.comment_add",
        who,
        client,
        c.company_id,
        c.id,
        format!("{}: {}{on_page}", c.name, excerpt(body)),
    )
    .await?;
    Ok(made.id)
}

/// Sets the status with one conditional update: 409 when it is so
/// already, 404 when the comment is gone.
pub async fn set_status(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    comment: &ChapterComment,
    status: CommentStatus,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let changed = chapter_comment::Entity::update_many()
        .col_expr(chapter_comment::Column::Status, Expr::value(status.slug()))
        .col_expr(
            chapter_comment::Column::StatusChangedBy,
            Expr::value(who.user.id),
        )
        .col_expr(
            chapter_comment::Column::StatusChangedAt,
            Expr::value(Utc::now()),
        )
        .filter(chapter_comment::Column::Id.eq(comment.id))
        .filter(chapter_comment::Column::ChapterId.eq(c.id))
        .filter(chapter_comment::Column::Status.ne(status.slug()))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        let still = chapter_comment::Entity::find_by_id(comment.id)
            .one(&txn)
            .await
            .map_err(internal)?;
        return Err(match still {
            None => no_comment(),
            Some(_) => AppError::Conflict(format!(
                "The comment is \u{201c}{}\u{201d} already.",
                status.label()
            )),
        });
    }
    commit(
        txn,
        "chapter.comment_status",
        who,
        client,
        c.company_id,
        c.id,
        format!(
            "{}: \u{201c}{}\u{201d} \u{2192} {}",
            c.name,
            excerpt(&comment.body),
            status.label()
        ),
    )
    .await
}

pub async fn delete(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    comment: &ChapterComment,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let gone = chapter_comment::Entity::delete_many()
        .filter(chapter_comment::Column::Id.eq(comment.id))
        .filter(chapter_comment::Column::ChapterId.eq(c.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if gone.rows_affected != 1 {
        return Err(no_comment());
    }
    commit(
        txn,
        "chapter.comment_delete",
        who,
        client,
        c.company_id,
        c.id,
        format!("{}: \u{201c}{}\u{201d}", c.name, excerpt(&comment.body)),
    )
    .await
}
