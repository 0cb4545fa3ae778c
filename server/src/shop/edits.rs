//! Changing a print job's content until it is approved, or while it is
//! held: what was approved is what is produced, so held approved work that
//! changes goes back for approval and its work order is withdrawn.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, EditedOrder, RequestIdentity};
use imprimatur_core::{ResourceState, after_content_change};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{approval_decision, company, order};
use crate::error::internal;
use crate::press::for_jobs;

fn approved_meanwhile(id: i64) -> AppError {
    AppError::Conflict(format!(
        "Job #{id} was approved meanwhile; its content can no longer change."
    ))
}

/// What an approval of `row` leaves standing after its content changed to
/// `e`: the new state and `held_from`, and whether an approval is withdrawn.
async fn approval_after(
    txn: &DatabaseTransaction,
    row: &order::Model,
    state: ResourceState,
    e: &EditedOrder,
    answers: &Option<String>,
) -> Result<(ResourceState, Option<ResourceState>, bool), AppError> {
    let held_from = row.held_from.as_deref().and_then(ResourceState::from_slug);
    let same = row.title == e.title
        && row.quantity == e.quantity
        && row.price_cents == e.price_cents
        && answers.as_ref().is_none_or(|a| *a == row.job_answers);
    if same {
        return Ok((state, held_from, false));
    }
    let approval_needed = company::Entity::find_by_id(row.company_id)
        .one(txn)
        .await
        .map_err(internal)?
        .is_none_or(|c| c.orders_need_approval);
    let (to, held_to) = after_content_change(state, held_from, approval_needed);
    let was_approved = state == ResourceState::OnHold && held_from == Some(ResourceState::Approved);
    let withdrawn = was_approved && held_to != Some(ResourceState::Approved);
    Ok((to, held_to, withdrawn))
}

/// One conditional UPDATE: the content changes only while the stored state
/// is still the one read (one core leaves open for editing), so an approval
/// that commits first turns this change into a 409 instead of altering
/// approved work.
pub async fn edit(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    e: EditedOrder,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let row = order::Entity::find_by_id(e.id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such print job.".into()))?;
    let state = ResourceState::from_slug(&row.state)
        .filter(|s| s.content_editable())
        .ok_or_else(|| approved_meanwhile(e.id))?;
    let answers = match &e.answers {
        Some(a) => Some(super::json_text(a)?),
        None => None,
    };
    let (to, held_to, withdrawn) = approval_after(&txn, &row, state, &e, &answers).await?;
    let mut update = order::Entity::update_many();
    if let Some(answers) = answers {
        update = update.col_expr(order::Column::JobAnswers, Expr::value(answers));
    }
    let held = match &row.held_from {
        Some(h) => order::Column::HeldFrom.eq(h.clone()),
        None => order::Column::HeldFrom.is_null(),
    };
    let changed = update
        .col_expr(order::Column::Title, Expr::value(e.title.clone()))
        .col_expr(order::Column::Quantity, Expr::value(e.quantity))
        .col_expr(order::Column::PriceCents, Expr::value(e.price_cents))
        .col_expr(order::Column::State, Expr::value(to.slug()))
        .col_expr(
            order::Column::HeldFrom,
            Expr::value(held_to.map(|s| s.slug().to_string())),
        )
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(e.id))
        .filter(order::Column::State.eq(state.slug()))
        .filter(held)
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected == 0 {
        return Err(approved_meanwhile(e.id));
    }
    let mut detail = format!("#{}: {} copies of “{}”", e.id, e.quantity, e.title);
    if withdrawn {
        // The decision was about content that no longer exists; the audit
        // trail keeps who made it.
        approval_decision::Entity::delete_many()
            .filter(approval_decision::Column::OrderId.eq(e.id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        detail.push_str("; it needs approval again");
        if let Some(w) = for_jobs::withdraw(&txn, e.id).await? {
            detail.push_str(&format!(", and work order #{w} is cancelled until then"));
        }
    } else if state == ResourceState::OnHold && held_to == Some(ResourceState::Approved) {
        let now = order::Entity::find_by_id(e.id)
            .one(&txn)
            .await
            .map_err(internal)?
            .ok_or(AppError::Internal)?;
        for_jobs::follow(&txn, &now).await?;
    }
    audit::record(
        &txn,
        Event::new("order.edited", actor(who, client))
            .company(Some(row.company_id))
            .detail(detail),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
