//! Changing a print job's content until it is approved.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, EditedOrder, RequestIdentity};
use imprimatur_core::ResourceState;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::order;
use crate::error::internal;

/// One conditional UPDATE: the content changes only while the stored state
/// is still one core leaves open for editing, so an approval that commits
/// first turns this change into a 409 instead of altering approved work.
pub async fn edit(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    e: EditedOrder,
) -> Result<(), AppError> {
    let open: Vec<&str> = ResourceState::ALL
        .into_iter()
        .filter(|s| s.content_editable())
        .map(|s| s.slug())
        .collect();
    let txn = db.begin_write().await.map_err(internal)?;
    let mut update = order::Entity::update_many();
    if let Some(answers) = &e.answers {
        update = update.col_expr(
            order::Column::JobAnswers,
            Expr::value(super::json_text(answers)?),
        );
    }
    let changed = update
        .col_expr(order::Column::Title, Expr::value(e.title.clone()))
        .col_expr(order::Column::Quantity, Expr::value(e.quantity))
        .col_expr(order::Column::PriceCents, Expr::value(e.price_cents))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(e.id))
        .filter(order::Column::State.is_in(open))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(format!(
            "Job #{} was approved meanwhile; its content can no longer change.",
            e.id
        )));
    }
    let company = order::Entity::find_by_id(e.id)
        .one(&txn)
        .await
        .map_err(internal)?
        .map(|o| o.company_id);
    audit::record(
        &txn,
        Event::new("order.edited", actor(who, client))
            .company(company)
            .detail(format!("#{}: {} copies of “{}”", e.id, e.quantity, e.title)),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
