//! The printer's shelf (PrintJob's stock): shipping a job of a stocked
//! product takes its copies off the shelf, shipping a replenishment puts
//! them on, both inside the transaction that ships the job.

use imprimatur_app::error::AppError;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::db::entities::{order, product};
use crate::error::internal;

/// What shipping a job did to its product's shelf.
pub struct ShelfMove {
    /// For the audit log.
    pub text: String,
    pub product: String,
    pub now: i64,
    /// Whether the shelf fell to its low-stock level or below just now.
    pub fell_low: bool,
}

/// Moves the shelf for `job`, which ships now. `None` for a product
/// printed to order; otherwise what changed. A job that
/// needs more copies than the shelf holds is refused (409) and the shelf
/// is left alone: one conditional UPDATE, so two jobs shipping at once
/// never take the same copies.
pub async fn ship(
    txn: &DatabaseTransaction,
    job: &order::Model,
) -> Result<Option<ShelfMove>, AppError> {
    let Some(p) = product::Entity::find_by_id(job.product_id)
        .one(txn)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let copies = i64::from(job.quantity);
    let shelf = Expr::col(product::Column::StockOnHand);
    let moved = if job.replenishes {
        product::Entity::update_many()
            .col_expr(
                product::Column::StockOnHand,
                Func::coalesce([shelf.clone(), Expr::value(0i64)]).add(copies),
            )
            .filter(product::Column::Id.eq(p.id))
            .exec(txn)
            .await
    } else if p.stock_on_hand.is_some() {
        product::Entity::update_many()
            .col_expr(product::Column::StockOnHand, shelf.sub(copies))
            .filter(product::Column::Id.eq(p.id))
            .filter(product::Column::StockOnHand.gte(copies))
            .exec(txn)
            .await
    } else {
        return Ok(None);
    }
    .map_err(internal)?;
    if moved.rows_affected == 0 {
        return Err(AppError::Conflict(format!(
            "Only {} copies of {} are in stock and job #{} needs {copies}; it stays approved until a replenishment ships.",
            p.stock_on_hand.unwrap_or(0),
            p.name,
            job.id
        )));
    }
    let now = product::Entity::find_by_id(p.id)
        .one(txn)
        .await
        .map_err(internal)?
        .and_then(|p| p.stock_on_hand)
        .unwrap_or(0);
    let before = p.stock_on_hand.unwrap_or(0);
    Ok(Some(ShelfMove {
        text: format!("{} in stock: {before} → {now}", p.name),
        fell_low: p.low_stock_at.is_some_and(|at| before > at && now <= at),
        product: p.name,
        now,
    }))
}
