//! Work orders: a partnered customer's approved print job at its print
//! partner, its secure codes and its quality check.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{WorkOrderChange, WorkOrderRow, WorkOrderState};
use imprimatur_app::ssr::{Client, QualityCheck, RequestIdentity};
use imprimatur_core::Filter;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{equipment, work_order};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};
use crate::shop::names;

pub use super::for_jobs::open_for_job;

/// The most work orders one list shows.
const PAGE: u64 = 500;

fn columns() -> Columns {
    Columns::company_rows(
        Some(Expr::col((work_order::Entity, work_order::Column::Id))),
        Expr::col((work_order::Entity, work_order::Column::CompanyId)),
    )
}

fn at(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

async fn rows<C: ConnectionTrait>(
    conn: &C,
    found: Vec<work_order::Model>,
) -> Result<Vec<WorkOrderRow>, ServerError> {
    let customers = names::companies(conn, found.iter().map(|w| w.customer_id).collect()).await?;
    let checkers = names::people(conn, found.iter().filter_map(|w| w.qa_by)).await?;
    let pieces: std::collections::HashMap<i64, String> = equipment::Entity::find()
        .filter(equipment::Column::Id.is_in(found.iter().filter_map(|w| w.equipment_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e.name))
        .collect();
    Ok(found
        .into_iter()
        .map(|w| {
            let qa = match (w.qa_scanned, w.qa_verified, w.qa_at) {
                (Some(scanned), Some(verified), Some(when)) => Some(format!(
                    "{verified} of {scanned} verified on {}, by {}, {}",
                    w.equipment_id
                        .and_then(|e| pieces.get(&e).cloned())
                        .unwrap_or_default(),
                    w.qa_by
                        .and_then(|u| checkers.get(&u).cloned())
                        .unwrap_or_default(),
                    at(when)
                )),
                _ => None,
            };
            WorkOrderRow {
                id: w.id,
                company_id: w.company_id,
                customer: customers.get(&w.customer_id).cloned().unwrap_or_default(),
                order_id: w.order_id,
                title: w.title,
                quantity: w.quantity,
                state: WorkOrderState::from_slug(&w.state).unwrap_or(WorkOrderState::New),
                archived: w.archived_at.is_some(),
                codes_at: w.codes_at.map(at),
                qa,
                created: at(w.created_at),
            }
        })
        .collect())
}

pub async fn list(
    db: &Db,
    filter: &Filter,
    archived: bool,
    states: &[WorkOrderState],
) -> Result<Vec<WorkOrderRow>, ServerError> {
    let mut query = work_order::Entity::find().filter(condition(filter, &columns()));
    if !states.is_empty() {
        query = query.filter(work_order::Column::State.is_in(states.iter().map(|s| s.slug())));
    }
    let found = query
        .filter(super::archived_only(
            work_order::Column::ArchivedAt,
            archived,
        ))
        .order_by_desc(work_order::Column::Id)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    rows(&db.read, found).await
}

pub async fn one(db: &Db, id: i64) -> Result<Option<WorkOrderRow>, ServerError> {
    let Some(found) = work_order::Entity::find_by_id(id).one(&db.read).await? else {
        return Ok(None);
    };
    Ok(rows(&db.read, vec![found]).await?.pop())
}

fn audit_action(change: WorkOrderChange) -> &'static str {
    match change {
        WorkOrderChange::GenerateCodes => "work_order.generate_codes",
        WorkOrderChange::Cancel => "work_order.cancel",
        WorkOrderChange::Archive => "work_order.archive",
    }
}

/// Writes `update` only while the work order is as `row` read it: the same
/// state and not archived. Otherwise someone changed it first: 409.
async fn unless_moved_on<C: ConnectionTrait>(
    conn: &C,
    update: sea_orm::UpdateMany<work_order::Entity>,
    row: &WorkOrderRow,
) -> Result<(), AppError> {
    let changed = update
        .filter(work_order::Column::Id.eq(row.id))
        .filter(work_order::Column::State.eq(row.state.slug()))
        .filter(work_order::Column::ArchivedAt.is_null())
        .exec(conn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict(
            "Someone changed this work order a moment ago; reload and try again.".into(),
        ));
    }
    Ok(())
}

pub async fn change(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    row: &WorkOrderRow,
    change: WorkOrderChange,
    to: WorkOrderState,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let now = Utc::now();
    let mut update = work_order::Entity::update_many()
        .col_expr(work_order::Column::State, Expr::value(to.slug()))
        .col_expr(work_order::Column::UpdatedAt, Expr::value(now));
    match change {
        WorkOrderChange::GenerateCodes => {
            update = update
                .col_expr(work_order::Column::CodesSeed, Expr::value(new_codes_seed()))
                .col_expr(work_order::Column::CodesAt, Expr::value(now));
        }
        WorkOrderChange::Archive => {
            update = update.col_expr(work_order::Column::ArchivedAt, Expr::value(now));
        }
        WorkOrderChange::Cancel => {}
    }
    unless_moved_on(&txn, update, row).await?;
    audit::record(
        &txn,
        Event::new(audit_action(change), actor(who, client))
            .company(Some(row.company_id))
            .detail(format!(
                "#{} {} ({} copies)",
                row.id, row.title, row.quantity
            )),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn record_check(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    row: &WorkOrderRow,
    check: QualityCheck,
) -> Result<WorkOrderState, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let piece = equipment::Entity::find_by_id(check.equipment_id)
        .filter(equipment::Column::CompanyId.eq(row.company_id))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::Invalid("Choose equipment of this print partner.".into()))?;
    if piece.archived_at.is_some() {
        return Err(AppError::Conflict(format!("{} is archived.", piece.name)));
    }
    if piece.calibrated_at.is_none() {
        return Err(AppError::Conflict(format!(
            "{} needs calibrating before it prints codes.",
            piece.name
        )));
    }
    let to = if check.passed {
        WorkOrderState::QaPassed
    } else {
        WorkOrderState::QaFailed
    };
    let now = Utc::now();
    let update = work_order::Entity::update_many()
        .col_expr(work_order::Column::State, Expr::value(to.slug()))
        .col_expr(work_order::Column::EquipmentId, Expr::value(piece.id))
        .col_expr(work_order::Column::QaScanned, Expr::value(check.scanned))
        .col_expr(work_order::Column::QaVerified, Expr::value(check.verified))
        .col_expr(work_order::Column::QaBy, Expr::value(who.user.id))
        .col_expr(work_order::Column::QaAt, Expr::value(now))
        .col_expr(work_order::Column::UpdatedAt, Expr::value(now));
    unless_moved_on(&txn, update, row).await?;
    audit::record(
        &txn,
        Event::new("work_order.quality_check", actor(who, client))
            .company(Some(row.company_id))
            .detail(format!(
                "#{}: {} of {} verified on {}; {}",
                row.id,
                check.verified,
                check.scanned,
                piece.name,
                to.label().to_lowercase()
            )),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(to)
}

/// A new work order's secret, which its codes derive from.
pub fn new_codes_seed() -> String {
    let mut seed = [0u8; 32];
    rand::rng().fill_bytes(&mut seed);
    hex::encode(seed)
}

/// What a work order's codes are made from, if they were generated:
/// (company, copies, secret). Read before authorizing, so nothing is
/// computed for a caller who is then refused.
pub async fn codes_source(db: &Db, id: i64) -> Result<Option<(i64, i32, String)>, ServerError> {
    let found: Option<(i64, i32, Option<String>)> = work_order::Entity::find_by_id(id)
        .select_only()
        .column(work_order::Column::CompanyId)
        .column(work_order::Column::Quantity)
        .column(work_order::Column::CodesSeed)
        .into_tuple()
        .one(&db.read)
        .await?;
    Ok(found.and_then(|(company, quantity, seed)| Some((company, quantity, seed?))))
}

/// Work order `id`'s serial numbers and secure codes: each code derives
/// from the secret and its serial number, so every download lists the
/// same codes.
pub fn codes(id: i64, quantity: i32, seed: &str) -> Vec<(String, String)> {
    use sha2::{Digest, Sha256};
    (1..=quantity)
        .map(|n| {
            let serial = format!("WO{id}-{n:06}");
            let digest = Sha256::digest(format!("{seed}:{serial}").as_bytes());
            (serial, hex::encode_upper(&digest[..10]))
        })
        .collect()
}
