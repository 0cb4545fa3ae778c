//! The audit trail: append-only. This module is the only code that touches
//! the table, and it only inserts and reads.

use std::net::IpAddr;

use chrono::Utc;
use imprimatur_app::model::{AuditQuery, AuditRow};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::Filter;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::db::Db;
use crate::db::entities::{audit_event, user};
use crate::db::visibility::{Columns, condition};
use crate::error::ServerError;

/// How an audited attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// The attempt was refused for its input (a wrong password).
    Failed,
    /// `core` said no.
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
            Outcome::Denied => "denied",
        }
    }
}

/// Who did it: the signed-in account, the admin behind it while
/// impersonating, and where the request came from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Actor {
    pub user: Option<i64>,
    pub real_user: Option<i64>,
    pub client: Option<IpAddr>,
}

/// The audit actor for a signed-in request.
pub fn actor(who: &RequestIdentity, client: &Client) -> Actor {
    Actor {
        user: Some(who.user.id),
        real_user: who.impersonator,
        client: client.addr,
    }
}

/// The audit actor for a request nobody is signed in to.
pub fn anonymous(client: &Client) -> Actor {
    Actor {
        user: None,
        real_user: None,
        client: client.addr,
    }
}

/// One record of the trail.
#[derive(Clone, Debug)]
pub struct Event {
    pub action: &'static str,
    pub outcome: Outcome,
    pub actor: Actor,
    pub subject: Option<i64>,
    pub company: Option<i64>,
    /// The chapter the record is about: its log is found by this.
    pub chapter: Option<i64>,
    pub detail: String,
}

impl Event {
    pub fn new(action: &'static str, actor: Actor) -> Self {
        Self {
            action,
            outcome: Outcome::Ok,
            actor,
            subject: None,
            company: None,
            chapter: None,
            detail: String::new(),
        }
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    pub fn subject(mut self, user: i64) -> Self {
        self.subject = Some(user);
        self
    }

    pub fn company(mut self, company: Option<i64>) -> Self {
        self.company = company;
        self
    }

    pub fn chapter(mut self, chapter: i64) -> Self {
        self.chapter = Some(chapter);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// Append one event, on the connection or transaction of the change it records.
pub async fn record<C: ConnectionTrait>(conn: &C, event: Event) -> Result<(), ServerError> {
    let detail: String = event.detail.chars().take(500).collect();
    audit_event::ActiveModel {
        at: Set(Utc::now()),
        action: Set(event.action.to_string()),
        outcome: Set(event.outcome.as_str().to_string()),
        actor_id: Set(event.actor.user),
        real_actor_id: Set(event.actor.real_user),
        subject_id: Set(event.subject),
        company_id: Set(event.company),
        client_addr: Set(event.actor.client.map(|a| a.to_string())),
        chapter_id: Set(event.chapter),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The events `filter` lets through, newest first, narrowed by the query.
pub async fn list(db: &Db, filter: &Filter, q: &AuditQuery) -> Result<Vec<AuditRow>, ServerError> {
    let cols = Columns {
        id: None,
        company: Some(Expr::col((
            audit_event::Entity,
            audit_event::Column::CompanyId,
        ))),
        department: None,
        owner: None,
        project: None,
        chapter: None,
        state: None,
        publication_type: None,
        approver: None,
    };
    let mut query = audit_event::Entity::find().filter(condition(filter, &cols));
    if !q.action.is_empty() {
        query = query.filter(audit_event::Column::Action.eq(q.action.as_str()));
    }
    if !q.outcome.is_empty() {
        query = query.filter(audit_event::Column::Outcome.eq(q.outcome.as_str()));
    }
    if !q.email.trim().is_empty() {
        let email = crate::email_address::normalize_email(&q.email);
        let Some(u) = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&db.read)
            .await?
        else {
            return Ok(Vec::new());
        };
        let u = u.id;
        query = query.filter(
            audit_event::Column::ActorId
                .eq(u)
                .or(audit_event::Column::SubjectId.eq(u))
                .or(audit_event::Column::RealActorId.eq(u)),
        );
    }
    let rows = query
        .order_by_desc(audit_event::Column::Id)
        .limit(q.limit.clamp(1, AuditQuery::MAX_LIMIT))
        .all(&db.read)
        .await?;
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.actor_id, r.real_actor_id, r.subject_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let emails: std::collections::HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let name = |id: Option<i64>| id.and_then(|i| emails.get(&i).cloned());
    Ok(rows
        .into_iter()
        .map(|r| AuditRow {
            id: r.id,
            at: r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            action: r.action,
            outcome: r.outcome,
            actor: name(r.actor_id),
            real_actor: name(r.real_actor_id),
            subject: name(r.subject_id),
            company_id: r.company_id,
            client_addr: r.client_addr,
            detail: r.detail,
        })
        .collect())
}
