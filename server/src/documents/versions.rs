//! Chapter versions: the first document uploaded into an empty chapter
//! (version 1), each check-in after (n+1), and an administrator deleting
//! old ones. The files are already in the storage when a version is
//! written here; the caller removes them again when this refuses.
//!
//! A check-in is one transaction: the conditional update that releases
//! the lock only where it still names the caller (and the chapter is
//! active and not done), the new row, the audit record. A check-out an
//! administrator released meanwhile therefore refuses the check-in.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use imprimatur_app::documents::model::{ChapterFacts, ChapterStatus};
use imprimatur_app::documents::version_model::ChapterVersion;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use sea_orm::sea_query::{Condition, Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};

use super::chapters::{commit, gone, one};
use super::locks::holders;
use crate::db::Db;
use crate::db::entities::{audit_event, chapter, chapter_version, user};
use crate::error::{ServerError, internal};
use crate::storage::{Storage, Stored};

/// A version about to be written: its two files are stored already.
#[derive(Clone, Debug)]
pub struct NewVersion {
    pub document: Stored,
    pub document_name: String,
    pub pdf: Stored,
    pub pdf_pages: u32,
    pub comment: Option<String>,
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn view(v: chapter_version::Model, names: &HashMap<i64, String>) -> ChapterVersion {
    ChapterVersion {
        number: v.number,
        created_by: v.created_by,
        created_by_name: names
            .get(&v.created_by)
            .cloned()
            .unwrap_or_else(|| format!("account {}", v.created_by)),
        created_at: when(v.created_at),
        comment: v.comment,
        document_name: v.document_name,
        document_size: v.document_size,
        document_sha256: v.document_sha256,
        pdf_size: v.pdf_size,
        pdf_sha256: v.pdf_sha256,
        pdf_pages: v.pdf_pages,
    }
}

/// The chapter's versions, newest first, with who made each (two queries).
pub async fn list(db: &Db, chapter_id: i64) -> Result<Vec<ChapterVersion>, ServerError> {
    let rows = chapter_version::Entity::find()
        .filter(chapter_version::Column::ChapterId.eq(chapter_id))
        .order_by_desc(chapter_version::Column::Number)
        .all(&db.read)
        .await?;
    let names = holders(&db.read, rows.iter().map(|r| r.created_by)).await?;
    Ok(rows.into_iter().map(|r| view(r, &names)).collect())
}

/// Version `number` of the chapter, or its newest for `None`.
pub async fn find<C: ConnectionTrait>(
    conn: &C,
    chapter_id: i64,
    number: Option<i32>,
) -> Result<Option<chapter_version::Model>, ServerError> {
    let q =
        chapter_version::Entity::find().filter(chapter_version::Column::ChapterId.eq(chapter_id));
    let q = match number {
        Some(n) => q.filter(chapter_version::Column::Number.eq(n)),
        None => q.order_by_desc(chapter_version::Column::Number),
    };
    Ok(q.one(conn).await?)
}

async fn newest_number<C: ConnectionTrait>(conn: &C, chapter_id: i64) -> Result<i32, AppError> {
    let newest: Option<Option<i32>> = chapter_version::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(chapter_version::Column::Number)))
        .filter(chapter_version::Column::ChapterId.eq(chapter_id))
        .into_tuple()
        .one(conn)
        .await
        .map_err(internal)?;
    Ok(newest.flatten().unwrap_or(0))
}

async fn insert(
    txn: &DatabaseTransaction,
    who: &RequestIdentity,
    c: &ChapterFacts,
    number: i32,
    v: &NewVersion,
) -> Result<(), AppError> {
    let size = |s: &Stored| i64::try_from(s.size).map_err(|_| AppError::Internal);
    let row = chapter_version::ActiveModel {
        chapter_id: Set(c.id),
        number: Set(number),
        document_key: Set(v.document.key.clone()),
        document_name: Set(v.document_name.clone()),
        document_size: Set(size(&v.document)?),
        document_sha256: Set(v.document.sha256.clone()),
        pdf_key: Set(v.pdf.key.clone()),
        pdf_size: Set(size(&v.pdf)?),
        pdf_sha256: Set(v.pdf.sha256.clone()),
        pdf_pages: Set(i32::try_from(v.pdf_pages).map_err(|_| AppError::Internal)?),
        comment: Set(v.comment.clone()),
        created_by: Set(who.user.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    match row.insert(txn).await {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(AppError::Conflict(format!(
                "Chapter \u{201c}{}\u{201d} got version {number} from someone else meanwhile; reload and try again.",
                c.name
            )))
        }
        Err(e) => Err(internal(e)),
    }
}

fn done(name: &str) -> AppError {
    AppError::Conflict(format!(
        "Chapter \u{201c}{name}\u{201d} is done: an administrator reopens it before anyone adds a version."
    ))
}

fn inactive(name: &str) -> AppError {
    AppError::Conflict(format!(
        "Chapter \u{201c}{name}\u{201d} is inactive: an administrator activates it before anyone adds a version."
    ))
}

/// The first document of an empty chapter: version 1; the chapter's
/// status becomes "Text exists". 409 when it has a version already, is
/// done or inactive, or someone else has it checked out.
pub async fn add_first(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    v: &NewVersion,
) -> Result<i32, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let changed = chapter::Entity::update_many()
        .col_expr(
            chapter::Column::Status,
            Expr::value(ChapterStatus::TextExists.slug()),
        )
        .filter(chapter::Column::Id.eq(c.id))
        .filter(chapter::Column::Status.ne(ChapterStatus::Done.slug()))
        .filter(chapter::Column::Active.eq(true))
        .filter(
            Condition::any()
                .add(chapter::Column::LockedBy.is_null())
                .add(chapter::Column::LockedBy.eq(who.user.id)),
        )
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        let now = one(&txn, c.id).await?.ok_or_else(gone)?;
        return Err(if now.status == ChapterStatus::Done {
            done(&now.name)
        } else if !now.active {
            inactive(&now.name)
        } else if let Some(lock) = now.lock {
            AppError::Conflict(format!(
                "Chapter \u{201c}{}\u{201d} is being edited by {} since {}.",
                now.name, lock.name, lock.since
            ))
        } else {
            AppError::Conflict(format!(
                "Chapter \u{201c}{}\u{201d} changed meanwhile; try again.",
                now.name
            ))
        });
    }
    let versions = chapter_version::Entity::find()
        .filter(chapter_version::Column::ChapterId.eq(c.id))
        .count(&txn)
        .await
        .map_err(internal)?;
    if versions > 0 {
        return Err(AppError::Conflict(format!(
            "Chapter \u{201c}{}\u{201d} has a document already: check it out and check in a new version.",
            c.name
        )));
    }
    insert(&txn, who, c, 1, v).await?;
    commit(
        txn,
        "chapter.upload",
        who,
        client,
        c.company_id,
        c.id,
        format!("{}: version 1", c.name),
    )
    .await?;
    Ok(1)
}

/// Who released `me`'s check-out of the chapter, from the audit trail.
async fn released_by<C: ConnectionTrait>(
    txn: &C,
    c: &ChapterFacts,
    me: i64,
) -> Result<Option<String>, AppError> {
    let by: Option<Option<i64>> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::ActorId)
        .filter(audit_event::Column::Action.eq("chapter.unlock_other"))
        .filter(audit_event::Column::ChapterId.eq(c.id))
        .filter(audit_event::Column::SubjectId.eq(me))
        .order_by_desc(audit_event::Column::Id)
        .into_tuple()
        .one(txn)
        .await
        .map_err(internal)?;
    let Some(Some(id)) = by else {
        return Ok(None);
    };
    let name: Option<String> = user::Entity::find_by_id(id)
        .select_only()
        .column(user::Column::DisplayName)
        .into_tuple()
        .one(txn)
        .await
        .map_err(internal)?;
    Ok(name)
}

/// Why `me` cannot check in to the chapter as it stands (`now`): their
/// check-out was released (by whom, when an administrator did), or the
/// chapter is done or inactive.
pub async fn check_in_refusal<C: ConnectionTrait>(
    conn: &C,
    now: &ChapterFacts,
    me: i64,
) -> Result<AppError, AppError> {
    if now.lock.as_ref().is_some_and(|l| l.user_id == me) {
        return Ok(if now.status == ChapterStatus::Done {
            done(&now.name)
        } else {
            inactive(&now.name)
        });
    }
    let holder = now.lock.as_ref().map_or_else(String::new, |l| {
        format!(" {} has it checked out now.", l.name)
    });
    let Some(by) = released_by(conn, now, me).await? else {
        return Ok(AppError::Conflict(format!(
            "Chapter \u{201c}{}\u{201d} is not checked out by you, so your file was not checked in.{holder} Check the chapter out first.",
            now.name
        )));
    };
    Ok(AppError::Conflict(format!(
        "Your check-out of chapter \u{201c}{}\u{201d} was released by {by}, so your file was not checked in.{holder} Check the chapter out again, then check in your file.",
        now.name
    )))
}

/// Check-in: version n+1 from the holder of the check-out, releasing it.
/// 409 when the caller's check-out was released meanwhile (saying by
/// whom), or the chapter is done or inactive; nothing is written then.
pub async fn check_in(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    v: &NewVersion,
) -> Result<i32, AppError> {
    let me = who.user.id;
    let txn = db.begin_write().await.map_err(internal)?;
    let released = chapter::Entity::update_many()
        .col_expr(chapter::Column::LockedBy, Expr::value(Option::<i64>::None))
        .col_expr(
            chapter::Column::LockedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            chapter::Column::Status,
            Expr::value(ChapterStatus::TextExists.slug()),
        )
        .filter(chapter::Column::Id.eq(c.id))
        .filter(chapter::Column::LockedBy.eq(me))
        .filter(chapter::Column::Status.ne(ChapterStatus::Done.slug()))
        .filter(chapter::Column::Active.eq(true))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if released.rows_affected != 1 {
        let now = one(&txn, c.id).await?.ok_or_else(gone)?;
        return Err(check_in_refusal(&txn, &now, me).await?);
    }
    let number = newest_number(&txn, c.id).await? + 1;
    insert(&txn, who, c, number, v).await?;
    commit(
        txn,
        "chapter.check_in",
        who,
        client,
        c.company_id,
        c.id,
        format!("{}: version {number}", c.name),
    )
    .await?;
    Ok(number)
}

/// Deletes version `number` ("Delete chapter versions"), then its files.
/// 409 for the newest version while the chapter is checked out (its
/// holder is working from it); 404 for no such version. A chapter left
/// without versions is a template again (unless it is done).
pub async fn delete(
    db: &Db,
    storage: &dyn Storage,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    number: i32,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let now = one(&txn, c.id).await?.ok_or_else(gone)?;
    let Some(version) = find(&txn, c.id, Some(number)).await? else {
        return Err(AppError::NotFound(format!(
            "Chapter \u{201c}{}\u{201d} has no version {number}.",
            now.name
        )));
    };
    let newest = newest_number(&txn, c.id).await?;
    if number == newest
        && let Some(lock) = &now.lock
    {
        return Err(AppError::Conflict(format!(
            "Version {number} is the newest of chapter \u{201c}{}\u{201d}, and {} has the chapter checked out since {}: it can be deleted once the chapter is checked in or unlocked.",
            now.name, lock.name, lock.since
        )));
    }
    chapter_version::Entity::delete_by_id(version.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    // The last version gone: the chapter is empty again, whichever it was.
    let left = chapter_version::Entity::find()
        .filter(chapter_version::Column::ChapterId.eq(c.id))
        .count(&txn)
        .await
        .map_err(internal)?;
    if left == 0 {
        chapter::Entity::update_many()
            .col_expr(
                chapter::Column::Status,
                Expr::value(ChapterStatus::Template.slug()),
            )
            .filter(chapter::Column::Id.eq(c.id))
            .filter(chapter::Column::Status.ne(ChapterStatus::Done.slug()))
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
    commit(
        txn,
        "chapter.delete_version",
        who,
        client,
        c.company_id,
        c.id,
        format!("{}: version {number}", now.name),
    )
    .await?;
    for key in [&version.document_key, &version.pdf_key] {
        if let Err(e) = storage.delete(key).await {
            tracing::warn!(error = %e, key, "a deleted version's file stays in the storage");
        }
    }
    Ok(())
}
