//! Holding, releasing and shipping a print job by hand; shipping moves
//! the stock of a stocked product in the same transaction.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{ResourceState, StatusChange, Transition};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::order;
use crate::error::internal;
use crate::mail::{self, Message};

/// Mails `watchers` (who may order a replenishment) that the shelf is low,
/// in the shipment's transaction.
async fn warn_low_stock(
    txn: &sea_orm::DatabaseTransaction,
    shelf: &super::stock::ShelfMove,
    watchers: Vec<i64>,
) -> Result<(), AppError> {
    for email in super::names::emails(txn, watchers).await? {
        mail::queue(
            txn,
            Message {
                to: email,
                subject: format!("Low stock: {}", shelf.product),
                body: format!(
                    "Only {} copies of {} are left in stock. Order a stock replenishment from the storefront.\n",
                    shelf.now, shelf.product
                ),
            },
        )
        .await?;
    }
    Ok(())
}

/// Reads the job's status, asks core where `change` leads, and writes the
/// new status only if the stored one is still the one read: an approval or
/// another change that commits first turns this one into a 409.
pub async fn change(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    order_id: i64,
    change: StatusChange,
    low_stock_watchers: Vec<i64>,
) -> Result<ResourceState, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let missing = || AppError::NotFound("There is no such print job.".into());
    let row = order::Entity::find_by_id(order_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(missing)?;
    let state = ResourceState::from_slug(&row.state).ok_or_else(|| {
        tracing::error!(order = row.id, state = %row.state, "unknown order state");
        AppError::Internal
    })?;
    let held_from = row.held_from.as_deref().and_then(ResourceState::from_slug);
    let to = match change.applied_to(state, held_from) {
        Transition::To(to) => to,
        Transition::NotFrom(why) => {
            return Err(AppError::Conflict(format!(
                "Job #{} is {}: {why}.",
                row.id,
                state.label().to_lowercase()
            )));
        }
    };
    let held = (to == ResourceState::OnHold).then(|| state.slug().to_string());
    let changed = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(to.slug()))
        .col_expr(order::Column::HeldFrom, Expr::value(held))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(row.id))
        .filter(order::Column::State.eq(state.slug()))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(format!(
            "Job #{} changed meanwhile; reload to see its status.",
            row.id
        )));
    }
    let shelf = match change {
        StatusChange::Ship => super::stock::ship(&txn, &row).await?,
        StatusChange::Hold | StatusChange::Release => None,
    };
    let mut detail = format!("#{}: {} → {}", row.id, state.label(), to.label());
    if let Some(shelf) = shelf {
        detail.push_str(&format!("; {}", shelf.text));
        if shelf.fell_low {
            warn_low_stock(&txn, &shelf, low_stock_watchers).await?;
        }
    }
    audit::record(
        &txn,
        Event::new(
            match change {
                StatusChange::Hold => "order.held",
                StatusChange::Release => "order.released",
                StatusChange::Ship => "order.shipped",
            },
            actor(who, client),
        )
        .company(Some(row.company_id))
        .detail(detail),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(to)
}
