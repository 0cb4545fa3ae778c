//! Outgoing mail. Every message is written to the outbox table in the same
//! transaction as the change that sends it, so a rolled-back change sends
//! nothing. Platform admins read the outbox on the mailbox page, operators
//! with `imprimatur mail`; neither sees a live one-time link (`mail_links`).

use chrono::Utc;
use imprimatur_app::model::MailRow;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::config::Config;
use crate::db::Db;
use crate::db::entities::mail;
use crate::error::ServerError;
use crate::mail_links::{self, PLACEHOLDER};

/// A message ready to queue.
pub struct Message {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub async fn queue<C: ConnectionTrait>(conn: &C, m: Message) -> Result<(), ServerError> {
    insert(conn, m, None).await
}

/// Queue a message whose body carries a one-time `link`: the outbox keeps
/// the body without it and the link sealed, for delivery only.
pub async fn queue_with_link<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    m: Message,
    link: &str,
) -> Result<(), ServerError> {
    if link.is_empty() || !m.body.contains(link) {
        return Err(ServerError::Corrupt(
            "a message meant to carry a link does not".into(),
        ));
    }
    let sealed = mail_links::seal(config, &m.to, link)?;
    let m = Message {
        body: m.body.replace(link, PLACEHOLDER),
        ..m
    };
    insert(conn, m, Some(sealed)).await
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    m: Message,
    sealed_link: Option<String>,
) -> Result<(), ServerError> {
    mail::ActiveModel {
        recipient: Set(m.to),
        subject: Set(m.subject.chars().take(200).collect()),
        body: Set(m.body),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        delivery_error: Set(None),
        sealed_link: Set(sealed_link),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The body as the relay gets it: the link put back while it is sealed.
pub fn body_to_send(config: &Config, m: &mail::Model) -> Option<String> {
    match &m.sealed_link {
        None => Some(mail_links::redacted(&m.body)),
        Some(sealed) => mail_links::open(config, &m.recipient, sealed)
            .map(|link| m.body.replace(PLACEHOLDER, &link)),
    }
}

/// The newest messages, optionally only those to `recipient`, their links
/// removed.
pub async fn latest(
    db: &Db,
    recipient: Option<&str>,
    limit: u64,
) -> Result<Vec<MailRow>, ServerError> {
    rows(db, None, recipient, limit).await
}

/// The same with the links of undelivered messages put back, as the
/// relay would get them. Never shown to anyone unless the development
/// setting `mail.show_links` is on (`for_mailbox`); the tests read links so.
pub async fn latest_with_links(
    db: &Db,
    config: &Config,
    recipient: Option<&str>,
    limit: u64,
) -> Result<Vec<MailRow>, ServerError> {
    rows(db, Some(config), recipient, limit).await
}

/// What the mailbox page and `imprimatur mail` show.
pub async fn for_mailbox(
    db: &Db,
    config: &Config,
    recipient: Option<&str>,
    limit: u64,
) -> Result<Vec<MailRow>, ServerError> {
    let open = config.mail.show_links.then_some(config);
    rows(db, open, recipient, limit).await
}

async fn rows(
    db: &Db,
    open_with: Option<&Config>,
    recipient: Option<&str>,
    limit: u64,
) -> Result<Vec<MailRow>, ServerError> {
    let mut q = mail::Entity::find();
    if let Some(r) = recipient {
        q = q.filter(mail::Column::Recipient.eq(crate::email_address::normalize_email(r)));
    }
    Ok(q.order_by_desc(mail::Column::Id)
        .limit(limit)
        .all(&db.read)
        .await?
        .into_iter()
        .map(|m| MailRow {
            delivery: match (&m.sent_at, &m.delivery_error) {
                (_, Some(e)) => format!("not delivered: {e}"),
                (Some(t), None) => format!(
                    "sent {}",
                    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ),
                (None, None) => "queued".to_string(),
            },
            body: open_with
                .and_then(|c| body_to_send(c, &m))
                .unwrap_or_else(|| mail_links::redacted(&m.body)),
            id: m.id,
            to: m.recipient,
            subject: m.subject,
            at: m
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
        .collect())
}
