//! Print jobs: the visible ones, searched and filtered in SQL; placing one,
//! once per idempotency key.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use imprimatur_app::error::AppError;
use imprimatur_app::model::{ORDERS_PAGE, OrderQuery, OrderRow, money};
use imprimatur_app::ssr::{Client, PlannedOrder, RequestIdentity};
use imprimatur_core::{Filter, ResourceState};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, LikeExpr, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, SqlErr,
};
use sha2::{Digest, Sha256};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{approval_decision, order, order_approver, product, quote};
use crate::db::visibility::{Columns, newest_page};
use crate::error::{ServerError, internal};
use crate::mail::{self, Message};

/// "`user_id` is among the order's requested approvers", as an `IN` list the
/// planner can walk from the approver's side (an `EXISTS` is asked per order).
fn among_approvers(user_id: i64) -> SimpleExpr {
    Expr::col((order::Entity, order::Column::Id)).in_subquery(
        Query::select()
            .column(order_approver::Column::OrderId)
            .from(order_approver::Entity)
            .and_where(order_approver::Column::UserId.eq(user_id))
            .to_owned(),
    )
}

pub fn columns() -> Columns {
    let col = |c: order::Column| Some(Expr::col((order::Entity, c)));
    Columns {
        id: col(order::Column::Id),
        company: col(order::Column::CompanyId),
        department: col(order::Column::DepartmentId),
        owner: col(order::Column::OwnerId),
        project: None,
        chapter: None,
        state: col(order::Column::State),
        publication_type: None,
        approver: Some(among_approvers),
    }
}

pub use crate::db::like::contains_pattern;

/// The newest page of orders `filter` lets through and `query` asks for.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    filter: &Filter,
    query: &OrderQuery,
) -> Result<Vec<OrderRow>, ServerError> {
    let mut narrow = Condition::all();
    let text = query.text.trim().to_lowercase();
    if let Some(number) = text.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        narrow = narrow.add(order::Column::Id.eq(number));
    } else if !text.is_empty() {
        narrow = narrow.add(
            Func::lower(Expr::col((order::Entity, order::Column::Title)))
                .like(LikeExpr::new(contains_pattern(&text)).escape('\\')),
        );
    }
    if let Some(me) = query.apart_from {
        narrow = narrow.add(order::Column::OwnerId.ne(me)).add(
            Condition::any()
                .add(order::Column::PlacedBy.is_null())
                .add(order::Column::PlacedBy.ne(me)),
        );
    }
    if let Some(state) = ResourceState::from_slug(&query.state) {
        narrow = narrow.add(order::Column::State.eq(state.slug()));
    }
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    if let Some(from) = day(&query.from).and_then(|d| d.and_hms_opt(0, 0, 0)) {
        narrow = narrow.add(order::Column::CreatedAt.gte(from.and_utc()));
    }
    if let Some(to) = day(&query.to)
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        narrow = narrow.add(order::Column::CreatedAt.lt(to.and_utc()));
    }
    let found = newest_page::<order::Entity, _>(
        conn,
        order::Column::Id,
        filter,
        &columns(),
        narrow,
        ORDERS_PAGE,
    )
    .await?;
    rows(conn, found).await
}

pub async fn one<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<OrderRow>, ServerError> {
    let found = order::Entity::find_by_id(id).all(conn).await?;
    Ok(rows(conn, found).await?.pop())
}

/// Names, approvers and decisions for a page of orders: one query each.
pub async fn rows<C: ConnectionTrait>(
    conn: &C,
    found: Vec<order::Model>,
) -> Result<Vec<OrderRow>, ServerError> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = found.iter().map(|o| o.id).collect();
    let pick = |f: fn(&order::Model) -> i64| {
        let mut v: Vec<i64> = found.iter().map(f).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let companies = super::names::companies(conn, pick(|o| o.company_id)).await?;
    let departments =
        super::names::departments(conn, pick(|o| o.department_id.unwrap_or(0))).await?;
    let products: HashMap<i64, (String, String)> = product::Entity::find()
        .filter(product::Column::Id.is_in(pick(|o| o.product_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.name, p.job_fields)))
        .collect();
    let decisions = approval_decision::Entity::find()
        .filter(approval_decision::Column::OrderId.is_in(ids.clone()))
        .all(conn)
        .await?;
    let mut people = pick(|o| o.owner_id);
    people.extend(found.iter().filter_map(|o| o.placed_by));
    people.extend(decisions.iter().filter_map(|d| d.user_id));
    let names = super::names::people(conn, people).await?;
    let quoted: HashMap<i64, i64> = quote::Entity::find()
        .filter(quote::Column::OrderId.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|q| Some((q.order_id?, q.id)))
        .collect();
    let mut approvers: HashMap<i64, Vec<i64>> = HashMap::new();
    for a in order_approver::Entity::find()
        .filter(order_approver::Column::OrderId.is_in(ids))
        .all(conn)
        .await?
    {
        approvers.entry(a.order_id).or_default().push(a.user_id);
    }
    let decided: HashMap<i64, String> = decisions
        .into_iter()
        .map(|d| {
            let by = match (d.user_id, &d.external_email) {
                (Some(u), _) => names.get(&u).cloned().unwrap_or_default(),
                (None, Some(email)) => format!("{email} (outside approver)"),
                (None, None) => String::new(),
            };
            let what = if d.approved { "Approved" } else { "Rejected" };
            let at = d.decided_at.format("%Y-%m-%d %H:%M UTC");
            let comment = if d.comment.is_empty() {
                String::new()
            } else {
                format!(": \u{201c}{}\u{201d}", d.comment)
            };
            (d.order_id, format!("{what} by {by} on {at}{comment}"))
        })
        .collect();
    Ok(found
        .into_iter()
        .map(|o| OrderRow {
            company_name: companies.get(&o.company_id).cloned().unwrap_or_default(),
            department_name: o.department_id.and_then(|d| departments.get(&d).cloned()),
            owner_name: names.get(&o.owner_id).cloned().unwrap_or_default(),
            product_name: products
                .get(&o.product_id)
                .map(|(name, _)| name.clone())
                .unwrap_or_default(),
            fields: products
                .get(&o.product_id)
                .map(|(_, fields)| super::stored_json(fields, "product", o.product_id))
                .unwrap_or_default(),
            approvers: approvers.remove(&o.id).unwrap_or_default(),
            decision: decided.get(&o.id).cloned(),
            state: ResourceState::from_slug(&o.state).unwrap_or(ResourceState::Draft),
            created_at: o.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            id: o.id,
            company_id: o.company_id,
            department_id: o.department_id,
            owner_id: o.owner_id,
            product_id: o.product_id,
            title: o.title,
            quantity: o.quantity,
            price_cents: o.price_cents,
            reorder_of: o.reorder_of,
            placed_by_name: o.placed_by.and_then(|p| names.get(&p).cloned()),
            placed_by: o.placed_by,
            from_quote: quoted.get(&o.id).copied(),
            replenishes: o.replenishes,
            answers: super::stored_json(&o.job_answers, "order", o.id),
            ship_to: o.ship_to,
        })
        .collect())
}

/// What identifies an order's content, for a reused idempotency key.
fn payload_hash(o: &PlannedOrder) -> String {
    let mut approvers = o.approvers.clone();
    approvers.sort_unstable();
    let mut outside = o.outside_approvers.clone();
    outside.sort();
    let mut text = format!(
        "{}|{}|{}|{:?}|{:?}|{:?}",
        o.product_id, o.quantity, o.title, approvers, outside, o.reorder_of
    );
    // Appended only when set, so orders placed before quotes keep their hash.
    if let Some(q) = o.from_quote {
        text.push_str(&format!("|quote {q}|{}", o.price_cents));
    }
    if let Some(to) = &o.ship_to {
        text.push_str(&format!("|to {to}|for {}", o.owner_id));
    }
    if o.replenishes {
        text.push_str("|stock");
    }
    for a in &o.answers {
        text.push_str(&format!("|{}={}", a.label, a.value));
    }
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The order already placed with this key: the same one back, or 409 if the
/// key came with different content.
async fn earlier<C: ConnectionTrait>(
    conn: &C,
    owner: i64,
    key: &str,
    hash: &str,
) -> Result<Option<i64>, AppError> {
    let found = order::Entity::find()
        .filter(order::Column::OwnerId.eq(owner))
        .filter(order::Column::IdempotencyKey.eq(key))
        .one(conn)
        .await
        .map_err(internal)?;
    match found {
        Some(o) if o.payload_hash == hash => Ok(Some(o.id)),
        Some(_) => Err(AppError::Conflict(
            "This form was already sent with a different order. Reload the page to order again."
                .into(),
        )),
        None => Ok(None),
    }
}

pub async fn place(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    o: PlannedOrder,
) -> Result<i64, AppError> {
    let hash = payload_hash(&o);
    let txn = db.begin_write().await.map_err(internal)?;
    if let Some(key) = &o.idempotency_key
        && let Some(id) = earlier(&txn, o.owner_id, key, &hash).await?
    {
        return Ok(id);
    }
    let now = Utc::now();
    let inserted = order::ActiveModel {
        company_id: Set(o.company_id),
        department_id: Set(o.department_id),
        owner_id: Set(o.owner_id),
        product_id: Set(o.product_id),
        title: Set(o.title.clone()),
        quantity: Set(o.quantity),
        price_cents: Set(o.price_cents),
        state: Set(o.state.slug().to_string()),
        idempotency_key: Set(o.idempotency_key.clone()),
        payload_hash: Set(hash.clone()),
        reorder_of: Set(o.reorder_of),
        ship_to: Set(o.ship_to.clone()),
        placed_by: Set(o.placed_by),
        replenishes: Set(o.replenishes),
        job_answers: Set(super::json_text(&o.answers)?),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let placed = match inserted {
        Ok(m) => m,
        // Another submit with the same key won the race (PostgreSQL runs
        // them side by side): answer with its order.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            drop(txn);
            let key = o.idempotency_key.as_deref().unwrap_or_default();
            return earlier(db.writer(), o.owner_id, key, &hash)
                .await?
                .ok_or(AppError::Internal);
        }
        Err(e) => return Err(internal(e)),
    };
    if let Some(quote_id) = o.from_quote {
        super::quotes::mark_ordered(&txn, quote_id, placed.id).await?;
    }
    if o.state == ResourceState::Approved {
        crate::press::work_orders::open_for_job(&txn, &placed).await?;
    }
    for uid in &o.approvers {
        order_approver::ActiveModel {
            order_id: Set(placed.id),
            user_id: Set(*uid),
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
    }
    let what = format!(
        "#{} \u{201c}{}\u{201d}, {} copies, {}",
        placed.id,
        o.title,
        o.quantity,
        money(o.price_cents)
    );
    let asked = super::names::emails(&txn, o.approvers.clone()).await?;
    let inbox = format!(
        "{}/approvals",
        config.server.public_url.as_str().trim_end_matches('/')
    );
    for email in asked {
        mail::queue(
            &txn,
            Message {
                to: email,
                subject: format!("Please approve print job #{}", placed.id),
                body: format!(
                    "{} asks you to approve the print job {what}.\n\nYour approvals: {inbox}\n",
                    who.user.display_name
                ),
            },
        )
        .await?;
    }
    let by_role = super::names::emails(&txn, o.notify.clone()).await?;
    for email in by_role {
        mail::queue(
            &txn,
            Message {
                to: email,
                subject: format!("Print job #{} waits for approval", placed.id),
                body: format!(
                    "{} ordered the print job {what}. Your role lets you approve it.\n\nYour approvals: {inbox}\n",
                    who.user.display_name
                ),
            },
        )
        .await?;
    }
    for email in &o.outside_approvers {
        super::links::issue(
            &txn,
            config,
            placed.id,
            email,
            &who.user.display_name,
            &what,
        )
        .await?;
    }
    audit::record(
        &txn,
        Event::new(
            if o.replenishes {
                "order.replenishment"
            } else {
                "order.placed"
            },
            actor(who, client),
        )
        .company(Some(o.company_id))
        .detail(format!("{what}; {}", o.state.label().to_lowercase())),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    tracing::info!(order = placed.id, "order placed");
    Ok(placed.id)
}
