//! Outside approvers' one-time links (PrintJob): 256 random bits, only the
//! SHA-256 kept, bound to one order and one address, expiring in a week.
//! Looking at the order changes nothing; the decision uses the link up.

use chrono::{Duration, Utc};
use imprimatur_app::model::ApprovalLinkView;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::auth::session::{hash_token, new_token};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::approval_link;
use crate::error::ServerError;
use crate::mail::{self, Message};

/// How long an approval link stays good.
pub const LIFETIME_DAYS: i64 = 7;

/// Store a link for `email` and mail it, in the order's transaction.
pub async fn issue<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    order_id: i64,
    email: &str,
    requester: &str,
    what: &str,
) -> Result<(), ServerError> {
    let token = new_token();
    let now = Utc::now();
    approval_link::ActiveModel {
        token_hash: Set(hash_token(&token)),
        order_id: Set(order_id),
        email: Set(email.to_string()),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(LIFETIME_DAYS)),
        used_at: Set(None),
    }
    .insert(conn)
    .await?;
    let link = crate::accounts::link(config, "/approve", &token);
    mail::queue_with_link(
        conn,
        config,
        Message {
            to: email.to_string(),
            subject: format!("{requester} asks you to approve a print job"),
            body: format!(
                "{requester} asks you to approve the print job {what}.\n\n\
                 See it and decide here (the link works once, for {LIFETIME_DAYS} days):\n{link}\n"
            ),
        },
        &link,
    )
    .await
}

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn live<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<Option<approval_link::Model>, ServerError> {
    if !well_formed(token) {
        return Ok(None);
    }
    Ok(approval_link::Entity::find_by_id(hash_token(token))
        .filter(approval_link::Column::UsedAt.is_null())
        .filter(approval_link::Column::ExpiresAt.gt(Utc::now()))
        .one(conn)
        .await?)
}

/// The order behind a live link, read-only.
pub async fn view(db: &Db, token: &str) -> Result<Option<ApprovalLinkView>, ServerError> {
    let Some(link) = live(&db.read, token).await? else {
        return Ok(None);
    };
    Ok(super::orders::one(&db.read, link.order_id)
        .await?
        .map(|order| ApprovalLinkView {
            order,
            email: link.email,
        }))
}

/// Use the link up for `order_id`; exactly one of concurrent callers wins.
pub async fn consume<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    order_id: i64,
) -> Result<bool, ServerError> {
    if !well_formed(token) {
        return Ok(false);
    }
    let used = approval_link::Entity::update_many()
        .col_expr(approval_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(approval_link::Column::TokenHash.eq(hash_token(token)))
        .filter(approval_link::Column::OrderId.eq(order_id))
        .filter(approval_link::Column::UsedAt.is_null())
        .filter(approval_link::Column::ExpiresAt.gt(Utc::now()))
        .exec(conn)
        .await?;
    Ok(used.rows_affected == 1)
}
