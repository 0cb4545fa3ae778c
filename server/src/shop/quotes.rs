//! Quotes: requested by customers, priced by the quote manager, ordered or
//! declined by the requester. The list is filtered in SQL from core's
//! visibility; every change of state is one conditional UPDATE, so two
//! answers (or an answer and a decline) cannot both land.

use std::collections::HashMap;

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{ORDERS_PAGE, QuoteRow, QuoteState, money};
use imprimatur_app::ssr::{Client, PlannedQuote, QuoteAnswer, RequestIdentity};
use imprimatur_core::Filter;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{product, quote, user};
use crate::db::visibility::{Columns, newest_page};
use crate::error::{ServerError, internal};
use crate::mail::{self, Message};

fn columns() -> Columns {
    let col = |c: quote::Column| Some(Expr::col((quote::Entity, c)));
    Columns {
        id: col(quote::Column::Id),
        company: col(quote::Column::CompanyId),
        department: col(quote::Column::DepartmentId),
        owner: col(quote::Column::OwnerId),
        project: None,
        chapter: None,
        state: None,
        publication_type: None,
        approver: None,
    }
}

pub async fn request(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    q: PlannedQuote,
) -> Result<i64, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let now = Utc::now();
    let saved = quote::ActiveModel {
        company_id: Set(q.company_id),
        department_id: Set(q.department_id),
        owner_id: Set(q.owner_id),
        product_id: Set(q.product_id),
        title: Set(q.title.clone()),
        quantity: Set(q.quantity),
        note: Set(q.note.clone()),
        state: Set(QuoteState::Requested.slug().to_string()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    audit::record(
        &txn,
        Event::new("quote.requested", actor(who, client))
            .company(Some(q.company_id))
            .detail(format!(
                "#{}: {} copies of \u{201c}{}\u{201d}",
                saved.id, q.quantity, q.title
            )),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(saved.id)
}

/// The newest page of quotes `filter` lets through.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    filter: &Filter,
    state: Option<QuoteState>,
) -> Result<Vec<QuoteRow>, ServerError> {
    let mut narrow = Condition::all();
    if let Some(s) = state {
        narrow = narrow.add(quote::Column::State.eq(s.slug()));
    }
    let found = newest_page::<quote::Entity, _>(
        conn,
        quote::Column::Id,
        filter,
        &columns(),
        narrow,
        ORDERS_PAGE,
    )
    .await?;
    rows(conn, found).await
}

pub async fn one<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<QuoteRow>, ServerError> {
    let found = quote::Entity::find_by_id(id).all(conn).await?;
    Ok(rows(conn, found).await?.pop())
}

/// Names for a page of quotes: one query per kind.
async fn rows<C: ConnectionTrait>(
    conn: &C,
    found: Vec<quote::Model>,
) -> Result<Vec<QuoteRow>, ServerError> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let companies =
        super::names::companies(conn, found.iter().map(|q| q.company_id).collect()).await?;
    let products: HashMap<i64, String> = product::Entity::find()
        .filter(product::Column::Id.is_in(found.iter().map(|q| q.product_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let people = found
        .iter()
        .flat_map(|q| [Some(q.owner_id), q.answered_by])
        .flatten()
        .collect::<Vec<i64>>();
    let names = super::names::people(conn, people).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    Ok(found
        .into_iter()
        .map(|q| QuoteRow {
            company_name: companies.get(&q.company_id).cloned().unwrap_or_default(),
            owner_name: name(q.owner_id),
            product_name: products.get(&q.product_id).cloned().unwrap_or_default(),
            state: QuoteState::from_slug(&q.state).unwrap_or(QuoteState::Requested),
            answered: match (q.answered_by, q.answered_at) {
                (Some(by), Some(at)) => Some(format!(
                    "Priced by {} on {}",
                    name(by),
                    at.format("%Y-%m-%d %H:%M UTC")
                )),
                _ => None,
            },
            created_at: q.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            id: q.id,
            company_id: q.company_id,
            department_id: q.department_id,
            owner_id: q.owner_id,
            product_id: q.product_id,
            title: q.title,
            quantity: q.quantity,
            note: q.note,
            price_cents: q.price_cents,
            answer: q.answer,
            order_id: q.order_id,
        })
        .collect())
}

pub async fn answer(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    a: QuoteAnswer,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let changed = quote::Entity::update_many()
        .col_expr(
            quote::Column::State,
            Expr::value(QuoteState::Answered.slug()),
        )
        .col_expr(quote::Column::PriceCents, Expr::value(a.price_cents))
        .col_expr(quote::Column::Answer, Expr::value(a.note.clone()))
        .col_expr(quote::Column::AnsweredBy, Expr::value(who.user.id))
        .col_expr(quote::Column::AnsweredAt, Expr::value(Utc::now()))
        .col_expr(quote::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(quote::Column::Id.eq(a.quote_id))
        .filter(quote::Column::State.eq(QuoteState::Requested.slug()))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(format!(
            "Quote #{} no longer waits for a price.",
            a.quote_id
        )));
    }
    let q = quote::Entity::find_by_id(a.quote_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let requester = user::Entity::find_by_id(q.owner_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let quotes = format!(
        "{}/quotes",
        config.server.public_url.as_str().trim_end_matches('/')
    );
    let note = if a.note.is_empty() {
        String::new()
    } else {
        format!("\n\n{}", a.note)
    };
    mail::queue(
        &txn,
        Message {
            to: requester.email,
            subject: format!("Your quote #{} is priced", q.id),
            body: format!(
                "{} copies of \u{201c}{}\u{201d}: {}.{note}\n\nOrder it or decline it: {quotes}\n",
                q.quantity,
                q.title,
                money(a.price_cents)
            ),
        },
    )
    .await?;
    audit::record(
        &txn,
        Event::new("quote.answered", actor(who, client))
            .company(Some(q.company_id))
            .detail(format!("#{}: {}", q.id, money(a.price_cents))),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn decline(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    quote_id: i64,
) -> Result<(), AppError> {
    let open: Vec<&str> = QuoteState::ALL
        .into_iter()
        .filter(|s| s.open())
        .map(QuoteState::slug)
        .collect();
    let txn = db.begin_write().await.map_err(internal)?;
    let changed = quote::Entity::update_many()
        .col_expr(
            quote::Column::State,
            Expr::value(QuoteState::Declined.slug()),
        )
        .col_expr(quote::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(quote::Column::Id.eq(quote_id))
        .filter(quote::Column::State.is_in(open))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(format!(
            "Quote #{quote_id} is ordered or declined already."
        )));
    }
    let company = quote::Entity::find_by_id(quote_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .map(|q| q.company_id);
    audit::record(
        &txn,
        Event::new("quote.declined", actor(who, client))
            .company(company)
            .detail(format!("#{quote_id}")),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// In the order's transaction: the priced quote becomes `order_id`, or the
/// whole order is refused because the quote was ordered or declined first.
pub async fn mark_ordered(
    txn: &DatabaseTransaction,
    quote_id: i64,
    order_id: i64,
) -> Result<(), AppError> {
    let changed = quote::Entity::update_many()
        .col_expr(
            quote::Column::State,
            Expr::value(QuoteState::Accepted.slug()),
        )
        .col_expr(quote::Column::OrderId, Expr::value(order_id))
        .col_expr(quote::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(quote::Column::Id.eq(quote_id))
        .filter(quote::Column::State.eq(QuoteState::Answered.slug()))
        .exec(txn)
        .await
        .map_err(internal)?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(format!(
            "Quote #{quote_id} is not waiting to be ordered any more."
        )));
    }
    Ok(())
}
