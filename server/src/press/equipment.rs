//! Printing equipment and its calibration.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::EquipmentRow;
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::Filter;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::equipment;
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};
use crate::shop::names;

const PAGE: u64 = 500;

fn columns() -> Columns {
    Columns::company_rows(
        Some(Expr::col((equipment::Entity, equipment::Column::Id))),
        Expr::col((equipment::Entity, equipment::Column::CompanyId)),
    )
}

async fn rows(db: &Db, found: Vec<equipment::Model>) -> Result<Vec<EquipmentRow>, ServerError> {
    let companies =
        names::companies(&db.read, found.iter().map(|e| e.company_id).collect()).await?;
    Ok(found
        .into_iter()
        .map(|e| EquipmentRow {
            id: e.id,
            company_id: e.company_id,
            company: companies.get(&e.company_id).cloned().unwrap_or_default(),
            name: e.name,
            score: e.calibration_score,
            calibrated: e
                .calibrated_at
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
            archived: e.archived_at.is_some(),
        })
        .collect())
}

pub async fn list(
    db: &Db,
    filter: &Filter,
    archived: bool,
) -> Result<Vec<EquipmentRow>, ServerError> {
    let found = equipment::Entity::find()
        .filter(condition(filter, &columns()))
        .filter(super::archived_only(
            equipment::Column::ArchivedAt,
            archived,
        ))
        .order_by_asc(equipment::Column::CompanyId)
        .order_by_asc(equipment::Column::Name)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    rows(db, found).await
}

pub async fn one(db: &Db, id: i64) -> Result<Option<EquipmentRow>, ServerError> {
    let Some(found) = equipment::Entity::find_by_id(id).one(&db.read).await? else {
        return Ok(None);
    };
    Ok(rows(db, vec![found]).await?.pop())
}

fn taken(name: &str) -> AppError {
    AppError::Conflict(format!("There is equipment called {name} already."))
}

pub async fn save(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    id: Option<i64>,
    company_id: i64,
    name: &str,
) -> Result<i64, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let same_name = equipment::Entity::find()
        .filter(equipment::Column::CompanyId.eq(company_id))
        .filter(equipment::Column::Name.eq(name))
        .filter(equipment::Column::ArchivedAt.is_null())
        .one(&txn)
        .await
        .map_err(internal)?;
    if same_name.is_some_and(|e| Some(e.id) != id) {
        return Err(taken(name));
    }
    let (saved, action) = match id {
        Some(id) => {
            let changed = equipment::Entity::update_many()
                .col_expr(equipment::Column::Name, Expr::value(name))
                .filter(equipment::Column::Id.eq(id))
                .filter(equipment::Column::ArchivedAt.is_null())
                .exec(&txn)
                .await
                .map_err(internal)?;
            if changed.rows_affected != 1 {
                return Err(AppError::Conflict("This equipment is archived.".into()));
            }
            (id, "equipment.rename")
        }
        None => {
            let made = equipment::ActiveModel {
                company_id: Set(company_id),
                name: Set(name.to_string()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            (made.id, "equipment.create")
        }
    };
    audit::record(
        &txn,
        Event::new(action, actor(who, client))
            .company(Some(company_id))
            .detail(name.to_string()),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(saved)
}

pub async fn archive(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    row: &EquipmentRow,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let changed = equipment::Entity::update_many()
        .col_expr(equipment::Column::ArchivedAt, Expr::value(Utc::now()))
        .filter(equipment::Column::Id.eq(row.id))
        .filter(equipment::Column::ArchivedAt.is_null())
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "{} is archived already.",
            row.name
        )));
    }
    audit::record(
        &txn,
        Event::new("equipment.archive", actor(who, client))
            .company(Some(row.company_id))
            .detail(row.name.clone()),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn calibrate(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    row: &EquipmentRow,
    score: i32,
    passed: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let now = Utc::now();
    let changed = equipment::Entity::update_many()
        .col_expr(equipment::Column::CalibrationScore, Expr::value(score))
        .col_expr(
            equipment::Column::CalibratedAt,
            Expr::value(passed.then_some(now)),
        )
        .col_expr(
            equipment::Column::CalibratedBy,
            Expr::value(passed.then_some(who.user.id)),
        )
        .filter(equipment::Column::Id.eq(row.id))
        .filter(equipment::Column::ArchivedAt.is_null())
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict(format!("{} is archived.", row.name)));
    }
    let outcome = if passed { "passed" } else { "failed" };
    audit::record(
        &txn,
        Event::new("equipment.calibrate", actor(who, client))
            .company(Some(row.company_id))
            .detail(format!("{}: score {score}, {outcome}", row.name)),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
