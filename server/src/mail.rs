//! Outgoing mail. Every message is written to the outbox table in the same
//! transaction as the change that sends it, so a rolled-back change sends
//! nothing. Platform admins read the outbox on the mailbox page, operators
//! with `imprimatur mail`.

use chrono::Utc;
use imprimatur_app::model::MailRow;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::db::Db;
use crate::db::entities::mail;
use crate::error::ServerError;

/// A message ready to queue.
pub struct Message {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub async fn queue<C: ConnectionTrait>(conn: &C, m: Message) -> Result<(), ServerError> {
    mail::ActiveModel {
        recipient: Set(m.to),
        subject: Set(m.subject.chars().take(200).collect()),
        body: Set(m.body),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        delivery_error: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The newest messages, optionally only those to `recipient`.
pub async fn latest(
    db: &Db,
    recipient: Option<&str>,
    limit: u64,
) -> Result<Vec<MailRow>, ServerError> {
    let mut q = mail::Entity::find();
    if let Some(r) = recipient {
        q = q.filter(mail::Column::Recipient.eq(crate::identity::normalize_email(r)));
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
            id: m.id,
            to: m.recipient,
            subject: m.subject,
            body: m.body,
            at: m
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
        .collect())
}
