//! A project's chapters: listed in order through `core`'s filter, and each
//! change in one transaction with its audit record.

use std::collections::HashMap;

use chrono::Utc;
use imprimatur_app::documents::model::{
    ChapterFacts, ChapterRow, ChapterStatus, LevelHeld, ProjectFacts,
};
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::Filter;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::{levels, locks};
use crate::audit::{self, Event, actor};
use crate::db::Db;
use crate::db::entities::{chapter, chapter_version};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};
use crate::storage::Storage;

const PAGE: u64 = 1000;

fn columns() -> Columns {
    let id = Expr::col((chapter::Entity, chapter::Column::Id));
    Columns {
        project: Some(Expr::col((chapter::Entity, chapter::Column::ProjectId))),
        chapter: Some(id.clone()),
        ..Columns::company_rows(
            Some(id),
            Expr::col((chapter::Entity, chapter::Column::CompanyId)),
        )
    }
}

pub(super) fn facts(
    c: chapter::Model,
    holders: &HashMap<i64, String>,
) -> Result<ChapterFacts, ServerError> {
    let status = ChapterStatus::from_slug(&c.status)
        .ok_or_else(|| ServerError::Corrupt(format!("unknown chapter status {:?}", c.status)))?;
    let lock = locks::held(c.locked_by, c.locked_at, holders);
    Ok(ChapterFacts {
        id: c.id,
        project_id: c.project_id,
        company_id: c.company_id,
        name: c.name,
        position: c.position,
        status,
        active: c.active,
        lock,
    })
}

/// The project's chapters `filter` lets through, in order, each with
/// everyone's level on it and who holds its lock: three queries.
pub async fn list(
    db: &Db,
    project_id: i64,
    filter: &Filter,
) -> Result<Vec<ChapterRow>, ServerError> {
    let found = chapter::Entity::find()
        .filter(chapter::Column::ProjectId.eq(project_id))
        .filter(condition(filter, &columns()))
        .order_by_asc(chapter::Column::Position)
        .order_by_asc(chapter::Column::Id)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
    let holders = locks::holders(&db.read, found.iter().filter_map(|c| c.locked_by)).await?;
    let mut held: HashMap<i64, Vec<LevelHeld>> = HashMap::new();
    for (chapter_id, level) in levels::on_chapters(&db.read, &ids).await? {
        held.entry(chapter_id).or_default().push(level);
    }
    found
        .into_iter()
        .map(|c| {
            let levels = held.remove(&c.id).unwrap_or_default();
            Ok(ChapterRow {
                chapter: facts(c, &holders)?,
                levels,
            })
        })
        .collect()
}

pub async fn one<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Option<ChapterFacts>, ServerError> {
    let Some(found) = chapter::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let holders = locks::holders(conn, found.locked_by).await?;
    facts(found, &holders).map(Some)
}

pub(super) fn gone() -> AppError {
    AppError::NotFound("There is no such chapter.".into())
}

/// 409 when another chapter of the project is called `name`.
async fn name_free(
    txn: &DatabaseTransaction,
    project_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<(), AppError> {
    let same = chapter::Entity::find()
        .filter(chapter::Column::ProjectId.eq(project_id))
        .filter(chapter::Column::Name.eq(name))
        .one(txn)
        .await
        .map_err(internal)?;
    match same {
        Some(c) if Some(c.id) != except => Err(AppError::Conflict(format!(
            "The project has a chapter called \u{201c}{name}\u{201d} already."
        ))),
        _ => Ok(()),
    }
}

pub(super) async fn commit(
    txn: DatabaseTransaction,
    action: &'static str,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    chapter_id: i64,
    detail: String,
) -> Result<(), AppError> {
    audit::record(
        &txn,
        Event::new(action, actor(who, client))
            .company(Some(company_id))
            .chapter(chapter_id)
            .detail(detail),
    )
    .await?;
    txn.commit().await.map_err(internal)
}

pub async fn create(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    project: &ProjectFacts,
    name: &str,
) -> Result<i64, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    name_free(&txn, project.id, name, None).await?;
    let last: Option<Option<i32>> = chapter::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(chapter::Column::Position)))
        .filter(chapter::Column::ProjectId.eq(project.id))
        .into_tuple()
        .one(&txn)
        .await
        .map_err(internal)?;
    let position = last.flatten().map_or(1, |p| p.saturating_add(1));
    let made = chapter::ActiveModel {
        project_id: Set(project.id),
        company_id: Set(project.company_id),
        name: Set(name.to_string()),
        position: Set(position),
        status: Set(ChapterStatus::Template.slug().to_string()),
        active: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    commit(
        txn,
        "chapter.create",
        who,
        client,
        project.company_id,
        made.id,
        format!("{} / {name}", project.name),
    )
    .await?;
    Ok(made.id)
}

pub async fn rename(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    name: &str,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    name_free(&txn, c.project_id, name, Some(c.id)).await?;
    let changed = chapter::Entity::update_many()
        .col_expr(chapter::Column::Name, Expr::value(name))
        .filter(chapter::Column::Id.eq(c.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        return Err(gone());
    }
    commit(
        txn,
        "chapter.rename",
        who,
        client,
        c.company_id,
        c.id,
        format!("{} \u{2192} {name}", c.name),
    )
    .await
}

async fn set_position(txn: &DatabaseTransaction, id: i64, position: i32) -> Result<(), AppError> {
    chapter::Entity::update_many()
        .col_expr(chapter::Column::Position, Expr::value(position))
        .filter(chapter::Column::Id.eq(id))
        .exec(txn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Swaps the chapter's place with its neighbour's.
pub async fn move_one(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    up: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let me = one(&txn, c.id).await?.ok_or_else(gone)?;
    let siblings = chapter::Entity::find().filter(chapter::Column::ProjectId.eq(me.project_id));
    let neighbour = if up {
        siblings
            .filter(
                Condition::any()
                    .add(chapter::Column::Position.lt(me.position))
                    .add(
                        Condition::all()
                            .add(chapter::Column::Position.eq(me.position))
                            .add(chapter::Column::Id.lt(me.id)),
                    ),
            )
            .order_by_desc(chapter::Column::Position)
            .order_by_desc(chapter::Column::Id)
    } else {
        siblings
            .filter(
                Condition::any()
                    .add(chapter::Column::Position.gt(me.position))
                    .add(
                        Condition::all()
                            .add(chapter::Column::Position.eq(me.position))
                            .add(chapter::Column::Id.gt(me.id)),
                    ),
            )
            .order_by_asc(chapter::Column::Position)
            .order_by_asc(chapter::Column::Id)
    }
    .one(&txn)
    .await
    .map_err(internal)?;
    let Some(other) = neighbour else {
        return Err(AppError::Conflict(format!(
            "\u{201c}{}\u{201d} is the {} chapter already.",
            me.name,
            if up { "first" } else { "last" }
        )));
    };
    // Equal places (never made here) are told apart by id.
    let (mine, theirs) = if other.position == me.position {
        if up {
            (me.position, me.position.saturating_add(1))
        } else {
            (me.position.saturating_add(1), me.position)
        }
    } else {
        (other.position, me.position)
    };
    set_position(&txn, me.id, mine).await?;
    set_position(&txn, other.id, theirs).await?;
    commit(
        txn,
        "chapter.move",
        who,
        client,
        me.company_id,
        me.id,
        format!("{} {}", me.name, if up { "up" } else { "down" }),
    )
    .await
}

/// Deletes the chapter with its levels, versions and comments, then the
/// versions' files from the storage (after the commit: a refused or
/// failed delete keeps them; a file the storage fails to delete is only
/// an orphan, warned about).
pub async fn delete(
    db: &Db,
    storage: &dyn Storage,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    levels::delete_on_chapter(&txn, c.id).await?;
    let files: Vec<(String, String)> = chapter_version::Entity::find()
        .select_only()
        .column(chapter_version::Column::DocumentKey)
        .column(chapter_version::Column::PdfKey)
        .filter(chapter_version::Column::ChapterId.eq(c.id))
        .into_tuple()
        .all(&txn)
        .await
        .map_err(internal)?;
    let gone_now = chapter::Entity::delete_by_id(c.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    if gone_now.rows_affected != 1 {
        return Err(gone());
    }
    commit(
        txn,
        "chapter.delete",
        who,
        client,
        c.company_id,
        c.id,
        c.name.clone(),
    )
    .await?;
    for key in files.iter().flat_map(|(document, pdf)| [document, pdf]) {
        if let Err(e) = storage.delete(key).await {
            tracing::warn!(error = %e, key, "a deleted chapter's file stays in the storage");
        }
    }
    Ok(())
}

pub async fn set_active(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    active: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let changed = chapter::Entity::update_many()
        .col_expr(chapter::Column::Active, Expr::value(active))
        .filter(chapter::Column::Id.eq(c.id))
        .filter(chapter::Column::Active.eq(!active))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "\u{201c}{}\u{201d} is {} already.",
            c.name,
            if active { "active" } else { "inactive" }
        )));
    }
    let action = if active {
        "chapter.activate"
    } else {
        "chapter.inactivate"
    };
    commit(txn, action, who, client, c.company_id, c.id, c.name.clone()).await
}

/// Done, or reopened. A reopened chapter has "Text exists" when it has a
/// version, and is a template otherwise (the versions are counted in the
/// update itself, so a version deleted meanwhile is seen).
pub async fn set_done(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    done: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let done_slug = ChapterStatus::Done.slug();
    let update = chapter::Entity::update_many().filter(chapter::Column::Id.eq(c.id));
    let update = if done {
        update
            .col_expr(chapter::Column::Status, Expr::value(done_slug))
            .filter(chapter::Column::Status.ne(done_slug))
    } else {
        let has_version = Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(chapter_version::Entity)
                .and_where(
                    Expr::col((chapter_version::Entity, chapter_version::Column::ChapterId))
                        .eq(c.id),
                )
                .to_owned(),
        );
        let reopened = Expr::case(has_version, ChapterStatus::TextExists.slug())
            .finally(ChapterStatus::Template.slug());
        update
            .col_expr(chapter::Column::Status, reopened.into())
            .filter(chapter::Column::Status.eq(done_slug))
    };
    let changed = update.exec(&txn).await.map_err(internal)?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "\u{201c}{}\u{201d} is {} already.",
            c.name,
            if done { "done" } else { "open" }
        )));
    }
    let action = if done {
        "chapter.done"
    } else {
        "chapter.reopen"
    };
    commit(txn, action, who, client, c.company_id, c.id, c.name.clone()).await
}
