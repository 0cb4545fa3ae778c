use leptos::prelude::*;

use crate::error::AppError;

/// Put a print job on hold, release it, or mark it as shipped, where core
/// allows the change to this job and its status allows it (see
/// `core::StatusChange`). Returns the job's new status.
#[server(name = ChangeJobStatus, prefix = "/api", endpoint = "change_job_status")]
pub async fn change_job_status(order_id: i64, change: String) -> Result<String, AppError> {
    use super::order_checks as check;
    use crate::ssr;
    use imprimatur_core::StatusChange;
    let Some(change) = StatusChange::from_slug(&change) else {
        return Err(AppError::Invalid(
            "Choose hold, release or ship as the change.".into(),
        ));
    };
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    let order = check::order_for(&who, &shop, change.permission(), order_id).await?;
    let watchers = low_stock_watchers(&shop, &order, change).await?;
    let state = shop
        .change_status(&who, &ssr::client(), order.id, change, watchers)
        .await?;
    Ok(state.label().to_string())
}

/// Who is told when shipping `order` leaves its product's stock low: the
/// members who may order a replenishment of it (core decides for each).
#[cfg(feature = "ssr")]
async fn low_stock_watchers(
    shop: &crate::ssr::SharedShop,
    order: &crate::model::OrderRow,
    change: imprimatur_core::StatusChange,
) -> Result<Vec<i64>, AppError> {
    use imprimatur_core::{Permission, StatusChange};
    if change != StatusChange::Ship || order.replenishes {
        return Ok(Vec::new());
    }
    let Some(found) = shop.product_for_order(order.product_id).await? else {
        return Ok(Vec::new());
    };
    let product = found.product;
    if product.stock.is_none() || product.low_stock_at.is_none() {
        return Ok(Vec::new());
    }
    let accounts = crate::ssr::accounts()?;
    super::order_checks::holders_who_may(
        shop,
        &accounts,
        Permission::StockReplenish,
        &product.replenishment(0),
        &[],
    )
    .await
}
