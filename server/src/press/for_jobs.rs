//! A job's work order follows what was approved: opened (or opened again
//! with the new content) by an approval, withdrawn when approved content
//! changes, and never altered once its secure codes exist, since codes
//! already generated may already be on the press.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::WorkOrderState;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::entities::{order, partnership, work_order};
use crate::error::internal;

async fn of_job<C: ConnectionTrait>(
    conn: &C,
    job: i64,
) -> Result<Option<work_order::Model>, AppError> {
    work_order::Entity::find()
        .filter(work_order::Column::OrderId.eq(job))
        .one(conn)
        .await
        .map_err(internal)
}

fn in_production(w: &work_order::Model) -> AppError {
    AppError::Conflict(format!(
        "Job #{} is in production: its print partner generated the secure codes of work order #{}. Ask the print partner to cancel the work order before the job changes.",
        w.order_id, w.id
    ))
}

/// Whether the partner started on it: codes exist and it is not cancelled.
fn started(w: &work_order::Model) -> bool {
    w.codes_seed.is_some() && w.state != WorkOrderState::Cancelled.slug()
}

/// Writes `update` to `w` only while it is still as read, so a partner
/// generating codes at the same moment turns this into a 409.
async fn while_as_read<C: ConnectionTrait>(
    conn: &C,
    w: &work_order::Model,
    update: sea_orm::UpdateMany<work_order::Entity>,
) -> Result<(), AppError> {
    let codes = match &w.codes_seed {
        Some(seed) => work_order::Column::CodesSeed.eq(seed.clone()),
        None => work_order::Column::CodesSeed.is_null(),
    };
    let changed = update
        .col_expr(work_order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(work_order::Column::Id.eq(w.id))
        .filter(work_order::Column::State.eq(w.state.clone()))
        .filter(codes)
        .exec(conn)
        .await
        .map_err(internal)?;
    if changed.rows_affected == 1 {
        Ok(())
    } else {
        Err(in_production(w))
    }
}

/// In the transaction that approves `job`: if its company prints with a
/// partner, the job becomes the partner's work order. A job approved again
/// after a change reuses its work order, with the approved content and
/// none of the earlier codes or checks.
pub async fn open_for_job<C: ConnectionTrait>(
    conn: &C,
    job: &order::Model,
) -> Result<(), AppError> {
    if let Some(w) = of_job(conn, job.id).await? {
        if w.title == job.title
            && w.quantity == job.quantity
            && w.state != WorkOrderState::Cancelled.slug()
        {
            return Ok(());
        }
        if started(&w) {
            return Err(in_production(&w));
        }
        let update = work_order::Entity::update_many()
            .col_expr(work_order::Column::Title, Expr::value(job.title.clone()))
            .col_expr(work_order::Column::Quantity, Expr::value(job.quantity))
            .col_expr(
                work_order::Column::State,
                Expr::value(WorkOrderState::New.slug()),
            )
            .col_expr(work_order::Column::CodesSeed, Expr::value(None::<String>))
            .col_expr(
                work_order::Column::CodesAt,
                Expr::value(None::<chrono::DateTime<Utc>>),
            )
            .col_expr(work_order::Column::EquipmentId, Expr::value(None::<i64>))
            .col_expr(work_order::Column::QaScanned, Expr::value(None::<i32>))
            .col_expr(work_order::Column::QaVerified, Expr::value(None::<i32>))
            .col_expr(work_order::Column::QaBy, Expr::value(None::<i64>))
            .col_expr(
                work_order::Column::QaAt,
                Expr::value(None::<chrono::DateTime<Utc>>),
            )
            .col_expr(
                work_order::Column::ArchivedAt,
                Expr::value(None::<chrono::DateTime<Utc>>),
            );
        return while_as_read(conn, &w, update).await;
    }
    let Some(partner) = partnership::Entity::find()
        .filter(partnership::Column::CustomerId.eq(job.company_id))
        .one(conn)
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    let now = Utc::now();
    work_order::ActiveModel {
        company_id: Set(partner.partner_id),
        customer_id: Set(job.company_id),
        order_id: Set(job.id),
        title: Set(job.title.clone()),
        quantity: Set(job.quantity),
        state: Set(WorkOrderState::New.slug().to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// In the transaction that changes approved job `job_id`'s content: its
/// work order is cancelled until the new content is approved. 409 if the
/// partner already generated its codes. Returns the work order withdrawn.
pub async fn withdraw<C: ConnectionTrait>(conn: &C, job_id: i64) -> Result<Option<i64>, AppError> {
    let Some(w) = of_job(conn, job_id).await? else {
        return Ok(None);
    };
    if w.state == WorkOrderState::Cancelled.slug() {
        return Ok(None);
    }
    if started(&w) {
        return Err(in_production(&w));
    }
    let update = work_order::Entity::update_many().col_expr(
        work_order::Column::State,
        Expr::value(WorkOrderState::Cancelled.slug()),
    );
    while_as_read(conn, &w, update).await?;
    Ok(Some(w.id))
}

/// Where a company approves every order as placed, its held job's new
/// content is approved as it is written: the work order follows it, unless
/// the partner already generated its codes (409).
pub async fn follow<C: ConnectionTrait>(conn: &C, job: &order::Model) -> Result<(), AppError> {
    match of_job(conn, job.id).await? {
        Some(w) if w.state == WorkOrderState::Cancelled.slug() => Ok(()),
        Some(_) => open_for_job(conn, job).await,
        None => Ok(()),
    }
}
