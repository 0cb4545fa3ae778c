//! Check-out locks ("Edit chapter"): taken with one conditional update, so
//! of several people who click at once exactly one gets the chapter; the
//! others are told who holds it since when. Released by the holder or by
//! an administrator. Each change in one transaction with its audit record.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use imprimatur_app::documents::model::{ChapterFacts, ChapterLock, ChapterStatus};
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};

use super::chapters::{commit, gone, one};
use crate::audit::{self, Event, actor};
use crate::db::Db;
use crate::db::entities::{chapter, user};
use crate::error::{ServerError, internal};

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The lock a chapter row carries, named from `holders`.
pub(super) fn held(
    by: Option<i64>,
    at: Option<DateTime<Utc>>,
    holders: &HashMap<i64, String>,
) -> Option<ChapterLock> {
    let (user_id, at) = (by?, at?);
    Some(ChapterLock {
        user_id,
        name: holders
            .get(&user_id)
            .cloned()
            .unwrap_or_else(|| format!("account {user_id}")),
        since: when(at),
    })
}

/// The names of the accounts holding locks: one query (none for none).
pub(super) async fn holders<C: ConnectionTrait>(
    conn: &C,
    users: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, ServerError> {
    let mut ids: Vec<i64> = users.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Why a check-out of the chapter as it stands now does not go through.
fn refusal(now: &ChapterFacts, me: i64) -> AppError {
    let name = &now.name;
    if let Some(lock) = &now.lock {
        return AppError::Conflict(if lock.user_id == me {
            format!(
                "You have been editing chapter \u{201c}{name}\u{201d} since {}.",
                lock.since
            )
        } else {
            format!(
                "Chapter \u{201c}{name}\u{201d} is being edited by {} since {}.",
                lock.name, lock.since
            )
        });
    }
    if now.status == ChapterStatus::Done {
        return AppError::Conflict(format!(
            "Chapter \u{201c}{name}\u{201d} is done: an administrator reopens it before anyone edits it."
        ));
    }
    if !now.active {
        return AppError::Conflict(format!(
            "Chapter \u{201c}{name}\u{201d} is inactive: an administrator activates it before anyone edits it."
        ));
    }
    AppError::Conflict(format!(
        "Chapter \u{201c}{name}\u{201d} changed meanwhile; try again."
    ))
}

/// "Edit chapter": takes the lock for `who` with one conditional update
/// (free, not done, active); 409 saying why otherwise.
pub async fn check_out(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let taken = chapter::Entity::update_many()
        .col_expr(chapter::Column::LockedBy, Expr::value(who.user.id))
        .col_expr(chapter::Column::LockedAt, Expr::value(Utc::now()))
        .filter(chapter::Column::Id.eq(c.id))
        .filter(chapter::Column::LockedBy.is_null())
        .filter(chapter::Column::Status.ne(ChapterStatus::Done.slug()))
        .filter(chapter::Column::Active.eq(true))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if taken.rows_affected != 1 {
        let now = one(&txn, c.id).await?.ok_or_else(gone)?;
        return Err(refusal(&now, who.user.id));
    }
    commit(
        txn,
        "chapter.lock",
        who,
        client,
        c.company_id,
        c.id,
        c.name.clone(),
    )
    .await
}

/// Releases the lock `holder` has on the chapter (the caller's own, or
/// someone else's as an administrator); 409 when they hold it no more.
pub async fn unlock(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    holder: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let released = chapter::Entity::update_many()
        .col_expr(chapter::Column::LockedBy, Expr::value(Option::<i64>::None))
        .col_expr(
            chapter::Column::LockedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(chapter::Column::Id.eq(c.id))
        .filter(chapter::Column::LockedBy.eq(holder))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if released.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "Chapter \u{201c}{}\u{201d} is not checked out by {} any more.",
            c.name,
            if holder == who.user.id {
                "you".to_string()
            } else {
                c.lock
                    .as_ref()
                    .map_or_else(|| "them".to_string(), |l| l.name.clone())
            }
        )));
    }
    if holder == who.user.id {
        return commit(
            txn,
            "chapter.unlock",
            who,
            client,
            c.company_id,
            c.id,
            c.name.clone(),
        )
        .await;
    }
    unlock_audit(txn, who, client, c, holder).await
}

/// Someone else's lock: the record names whose it was.
async fn unlock_audit(
    txn: DatabaseTransaction,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    holder: i64,
) -> Result<(), AppError> {
    audit::record(
        &txn,
        Event::new("chapter.unlock_other", actor(who, client))
            .company(Some(c.company_id))
            .chapter(c.id)
            .subject(holder)
            .detail(c.name.clone()),
    )
    .await?;
    txn.commit().await.map_err(internal)
}
