//! Delivery of the outbox through an SMTP relay (lettre), when
//! `mail.smtp_url` is set. Each message is claimed by one conditional
//! UPDATE before it is sent, so several server processes never send the
//! same message twice; a relay that is down leaves the message queued for
//! the next round, a relay that refuses it for good records why. A sealed
//! one-time link is opened only here and erased once the message is out.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::config::Config;
use crate::db::Db;
use crate::db::entities::mail;
use crate::error::ServerError;

/// How often the outbox is looked at.
const ROUND: Duration = Duration::from_secs(2);
/// At most this many messages a round.
const BATCH: u64 = 20;

pub type Relay = AsyncSmtpTransport<Tokio1Executor>;

/// The relay from `mail.smtp_url` (smtp://, smtps:// or smtp://…?tls=required),
/// or `None` when it is empty.
pub fn relay(config: &Config) -> Result<Option<Relay>, String> {
    if config.mail.smtp_url.is_empty() {
        return Ok(None);
    }
    Relay::from_url(&config.mail.smtp_url)
        .map(|b| Some(b.timeout(Some(Duration::from_secs(20))).build()))
        .map_err(|e| format!("mail.smtp_url is not a usable SMTP address: {e}"))
}

/// Deliver the outbox in the background, round after round.
pub fn spawn(db: Db, config: Arc<Config>, relay: Relay) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match deliver_round(&db, &config, &relay).await {
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "mail delivery round failed"),
            }
            tokio::time::sleep(ROUND).await;
        }
    })
}

/// Send what is queued; returns how many messages the relay accepted.
pub async fn deliver_round(db: &Db, config: &Config, relay: &Relay) -> Result<usize, ServerError> {
    let queued = mail::Entity::find()
        .filter(mail::Column::SentAt.is_null())
        .filter(mail::Column::DeliveryError.is_null())
        .order_by_asc(mail::Column::Id)
        .limit(BATCH)
        .all(&db.read)
        .await?;
    let mut sent = 0;
    for m in queued {
        // Claim it: only one process gets rows_affected == 1. Still queued
        // means no refusal either: another process may have been refused it
        // (and given it back) since `queued` was read.
        let claimed = mail::Entity::update_many()
            .col_expr(mail::Column::SentAt, Expr::value(Utc::now()))
            .filter(mail::Column::Id.eq(m.id))
            .filter(mail::Column::SentAt.is_null())
            .filter(mail::Column::DeliveryError.is_null())
            .exec(db.writer())
            .await?
            .rows_affected
            == 1;
        if !claimed {
            continue;
        }
        match send(config, relay, &m).await {
            Ok(()) => {
                sent += 1;
                erase_link(db, &m).await?;
            }
            Err(Failure::Permanent(why)) => {
                tracing::warn!(message = m.id, %why, "mail not deliverable");
                // Never retried, so its link is of no use to anyone.
                mail::Entity::update_many()
                    .col_expr(
                        mail::Column::SentAt,
                        Expr::value(None::<chrono::DateTime<Utc>>),
                    )
                    .col_expr(mail::Column::DeliveryError, Expr::value(why))
                    .col_expr(mail::Column::SealedLink, Expr::value(None::<String>))
                    .filter(mail::Column::Id.eq(m.id))
                    .exec(db.writer())
                    .await?;
            }
            Err(Failure::Later(why)) => {
                tracing::warn!(message = m.id, %why, "mail relay unavailable; will retry");
                mail::Entity::update_many()
                    .col_expr(
                        mail::Column::SentAt,
                        Expr::value(None::<chrono::DateTime<Utc>>),
                    )
                    .filter(mail::Column::Id.eq(m.id))
                    .exec(db.writer())
                    .await?;
                break;
            }
        }
    }
    Ok(sent)
}

async fn erase_link(db: &Db, m: &mail::Model) -> Result<(), ServerError> {
    if m.sealed_link.is_some() {
        mail::Entity::update_many()
            .col_expr(mail::Column::SealedLink, Expr::value(None::<String>))
            .filter(mail::Column::Id.eq(m.id))
            .exec(db.writer())
            .await?;
    }
    Ok(())
}

enum Failure {
    /// The message itself cannot be sent (a bad address, a refusal).
    Permanent(String),
    /// The relay is unreachable or busy: try again later.
    Later(String),
}

async fn send(config: &Config, relay: &Relay, m: &mail::Model) -> Result<(), Failure> {
    let from: Mailbox = config
        .mail
        .from
        .parse()
        .map_err(|_| Failure::Permanent("mail.from is not a valid address".into()))?;
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|_| Failure::Permanent(format!("{} is not a valid address", m.recipient)))?;
    // A seal that does not open was made under another server.secret.
    let body = crate::mail::body_to_send(config, m).ok_or_else(|| {
        Failure::Permanent("its link was sealed under another server.secret".into())
    })?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .body(body)
        .map_err(|e| Failure::Permanent(format!("the message could not be built: {e}")))?;
    match relay.send(message).await {
        Ok(_) => Ok(()),
        Err(e) if e.is_permanent() => Err(Failure::Permanent(format!("the relay refused it: {e}"))),
        Err(e) => Err(Failure::Later(e.to_string())),
    }
}
