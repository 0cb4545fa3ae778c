//! The one decision on an order waiting for approval. The state changes
//! only while it still reads "awaiting approval", and the decision's row is
//! unique per order, so concurrent approvers cannot both win.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, Decider};
use imprimatur_core::{Approver, JobParties, ResourceState, UserId, separation_of_duties};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::accounts::{actor, anonymous};
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{approval_decision, order, user};
use crate::error::internal;
use crate::mail::{self, Message};

fn already_decided() -> AppError {
    AppError::Conflict("Someone decided on this print job a moment ago.".into())
}

/// Separation of duties once more, on the job as this transaction reads
/// it: the server functions asked `core` already, on the job as it was.
async fn stands_apart(
    txn: &sea_orm::DatabaseTransaction,
    decider: Decider<'_>,
    job: &order::Model,
) -> Result<(), AppError> {
    let approver = match decider {
        Decider::Member(who) => Approver::Member {
            id: UserId(who.user.id),
            email: &who.user.email,
        },
        Decider::Link { email, .. } => Approver::Outside(email),
    };
    let parties = JobParties {
        recipient: UserId(job.owner_id),
        orderer: UserId(job.placed_by.unwrap_or(job.owner_id)),
        emails: super::names::emails(
            txn,
            [Some(job.owner_id), job.placed_by].into_iter().flatten(),
        )
        .await?,
    };
    imprimatur_app::checks::allowed(separation_of_duties(approver, &parties))
}

pub async fn decide(
    db: &Db,
    decider: Decider<'_>,
    order_id: i64,
    approve: bool,
    comment: &str,
    client: &Client,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let (user_id, external, who_actor, by) = match decider {
        Decider::Member(who) => (
            Some(who.user.id),
            None,
            actor(who, client),
            who.user.display_name.clone(),
        ),
        Decider::Link { token, email } => {
            if !super::links::consume(&txn, token, order_id).await? {
                return Err(imprimatur_app::checks::dead_link());
            }
            (
                None,
                Some(email.to_string()),
                anonymous(client),
                format!("{email} (outside approver)"),
            )
        }
    };
    let state = if approve {
        ResourceState::Approved
    } else {
        ResourceState::Rejected
    };
    let changed = order::Entity::update_many()
        .col_expr(order::Column::State, Expr::value(state.slug()))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(order_id))
        .filter(order::Column::State.eq(ResourceState::AwaitingApproval.slug()))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected != 1 {
        return Err(already_decided());
    }
    approval_decision::ActiveModel {
        order_id: Set(order_id),
        approved: Set(approve),
        comment: Set(comment.to_string()),
        user_id: Set(user_id),
        external_email: Set(external),
        client_addr: Set(client.addr.map(|a| a.to_string())),
        decided_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|_| already_decided())?;
    let Some(placed) = order::Entity::find_by_id(order_id)
        .one(&txn)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::NotFound("There is no such print job.".into()));
    };
    stands_apart(&txn, decider, &placed).await?;
    if approve {
        crate::press::work_orders::open_for_job(&txn, &placed).await?;
    }
    let verdict = if approve { "approved" } else { "rejected" };
    if let Some(requester) = user::Entity::find_by_id(placed.owner_id)
        .one(&txn)
        .await
        .map_err(internal)?
    {
        let said = if comment.is_empty() {
            String::new()
        } else {
            format!("\n\nTheir comment: {comment}")
        };
        mail::queue(
            &txn,
            Message {
                to: requester.email,
                subject: format!("Your print job #{order_id} was {verdict}"),
                body: format!(
                    "{by} {verdict} your print job #{order_id} \u{201c}{}\u{201d}.{said}\n",
                    placed.title
                ),
            },
        )
        .await?;
    }
    audit::record(
        &txn,
        Event::new(
            if approve {
                "order.approved"
            } else {
                "order.rejected"
            },
            who_actor,
        )
        .subject(placed.owner_id)
        .company(Some(placed.company_id))
        .detail(format!("#{order_id} by {by}")),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
