//! Resolved sessions, kept per server process so a warm request costs one
//! query: the session row, its holder's state and the principal version
//! (see the `version_principals` migration) come back together, and a
//! cached principal is used only while that version is the one it was built
//! at. Database triggers bump the version on every change of what a
//! principal is made of, whichever process or person made it.
//!
//! The version is global: any role, membership, group, custom role or
//! account change anywhere rebuilds every cached principal once (about ten
//! queries each). Such changes are rare next to requests; a version per
//! person would need triggers that fan out through groups, custom roles and
//! company names.

use std::collections::HashMap;
use std::sync::RwLock;

use imprimatur_app::model::CurrentUser;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect, RelationDef,
};

use crate::db::Db;
use crate::db::entities::{session, user};
use crate::error::ServerError;

/// Sessions held at once before the cache starts over: bounded memory
/// whatever the number of sessions.
const CAPACITY: usize = 10_000;

/// A session row with what the request path needs of its holder.
#[derive(Clone, Debug, FromQueryResult)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    pub impersonator_id: Option<i64>,
    pub impersonation_reason: Option<String>,
    pub second_factor_step: Option<String>,
    pub reauthenticated_at: Option<chrono::DateTime<chrono::Utc>>,
    pub holder_state: String,
    pub holder_email: String,
    pub principal_version: i64,
}

impl SessionRow {
    pub fn session(&self) -> session::Model {
        session::Model {
            token_hash: self.token_hash.clone(),
            user_id: self.user_id,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
            expires_at: self.expires_at,
            client_addr: self.client_addr.clone(),
            user_agent: self.user_agent.clone(),
            impersonator_id: self.impersonator_id,
            impersonation_reason: self.impersonation_reason.clone(),
            second_factor_step: self.second_factor_step.clone(),
            reauthenticated_at: self.reauthenticated_at,
        }
    }
}

fn holder() -> RelationDef {
    session::Entity::belongs_to(user::Entity)
        .from(session::Column::UserId)
        .to(user::Column::Id)
        .into()
}

/// The session behind `token_hash`, its holder's state and address, and
/// the principal version, in one query.
pub async fn session_row(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, ServerError> {
    Ok(session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash))
        .join(JoinType::InnerJoin, holder())
        .column_as(user::Column::State, "holder_state")
        .column_as(user::Column::Email, "holder_email")
        .expr_as(
            Expr::cust("(SELECT version FROM principal_version WHERE id = 1)"),
            "principal_version",
        )
        .into_model::<SessionRow>()
        .one(&db.read)
        .await?)
}

#[derive(Clone, Debug)]
struct Entry {
    version: i64,
    user_id: i64,
    impersonator: Option<i64>,
    user: CurrentUser,
}

/// Principals by session token hash, each with the version it was built at.
#[derive(Debug, Default)]
pub struct PrincipalCache {
    entries: RwLock<HashMap<String, Entry>>,
}

impl PrincipalCache {
    /// The principal built for this session at `version`, if it still is
    /// the holder's (a "login as" names the same administrator).
    pub fn get(&self, row: &SessionRow) -> Option<CurrentUser> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&row.token_hash)
            .filter(|e| {
                e.version == row.principal_version
                    && e.user_id == row.user_id
                    && e.impersonator == row.impersonator_id
            })
            .map(|e| e.user.clone())
    }

    /// Keep `user` for this session, built from data no older than the
    /// version `row` read (that read came first).
    pub fn put(&self, row: &SessionRow, user: &CurrentUser) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&row.token_hash) {
            entries.retain(|_, e| e.version == row.principal_version);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(
            row.token_hash.clone(),
            Entry {
                version: row.principal_version,
                user_id: row.user_id,
                impersonator: row.impersonator_id,
                user: user.clone(),
            },
        );
    }

    /// The session ended (signed out, expired, suspended).
    pub fn forget(&self, token_hash: &str) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.remove(token_hash);
    }

    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
