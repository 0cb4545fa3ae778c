//! Sessions live in the database, so any number of server processes share
//! them. The cookie carries a random token; the database keeps its SHA-256.

use chrono::{DateTime, Duration, Utc};
use cookie::{Cookie, SameSite};
use imprimatur_app::model::SecondFactorStep;
use imprimatur_app::ssr::Client;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::config::Config;
use crate::db::Db;
use crate::db::entities::session;
use crate::error::ServerError;
pub use crate::tokens::{hash_token, new_token};

/// How long a sign-in may wait for its second factor.
pub const SECOND_FACTOR_MINUTES: i64 = 10;

/// Open a session for `user_id` on the connection or transaction given;
/// returns the token for the cookie. With a `second_factor` step the
/// session opens nothing but that step, for a few minutes.
pub async fn create<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    user_id: i64,
    client: &Client,
    second_factor: Option<SecondFactorStep>,
) -> Result<String, ServerError> {
    let token = new_token();
    let now = Utc::now();
    let lifetime = match second_factor {
        Some(_) => Duration::minutes(SECOND_FACTOR_MINUTES),
        None => Duration::hours(config.session.absolute_hours),
    };
    session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + lifetime),
        client_addr: Set(client.addr.map(|a| a.to_string())),
        user_agent: Set(client.user_agent.clone()),
        impersonator_id: Set(None),
        impersonation_reason: Set(None),
        second_factor_step: Set(second_factor.map(|s| s.as_str().to_string())),
        reauthenticated_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// How long an administrator may act as someone before signing in again.
pub const IMPERSONATION_MINUTES: i64 = 30;

/// Open a session in which `admin_id` acts as `user_id`; it ends after
/// [`IMPERSONATION_MINUTES`] whatever the usual timeouts say.
pub async fn create_impersonation<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    admin_id: i64,
    reason: &str,
    client: &Client,
) -> Result<String, ServerError> {
    let token = new_token();
    let now = Utc::now();
    session::ActiveModel {
        token_hash: Set(hash_token(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::minutes(IMPERSONATION_MINUTES)),
        client_addr: Set(client.addr.map(|a| a.to_string())),
        user_agent: Set(client.user_agent.clone()),
        impersonator_id: Set(Some(admin_id)),
        impersonation_reason: Set(Some(reason.to_string())),
        second_factor_step: Set(None),
        reauthenticated_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

/// How long a sign-in, or a confirmed password, counts as proof enough to
/// change how the person signs in.
pub const REAUTHENTICATED_MINUTES: i64 = 10;

/// Whether the holder of `s` proved who they are in the last few minutes:
/// a full session is opened only by a completed sign-in, so its creation
/// counts. An administrator acting as someone never proved to be them.
pub fn recently_authenticated(s: &session::Model, now: DateTime<Utc>) -> bool {
    let proved = std::cmp::max(Some(s.created_at), s.reauthenticated_at);
    s.impersonator_id.is_none()
        && s.second_factor_step.is_none()
        && proved.is_some_and(|at| now - at < Duration::minutes(REAUTHENTICATED_MINUTES))
}

/// The holder of `token` just confirmed their password.
pub async fn mark_reauthenticated<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<(), ServerError> {
    session::Entity::update_many()
        .col_expr(
            session::Column::ReauthenticatedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(session::Column::TokenHash.eq(hash_token(token)))
        .exec(conn)
        .await?;
    Ok(())
}

/// The live full sessions of `user_id`, most recently used first.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<session::Model>, ServerError> {
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::SecondFactorStep.is_null())
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .order_by_desc(session::Column::LastSeenAt)
        .all(&db.read)
        .await?)
}

/// The live session behind `token`: not expired, not idle too long. Touches
/// `last_seen_at` at most once a minute to keep writes rare.
pub async fn resolve(
    db: &Db,
    config: &Config,
    token: &str,
) -> Result<Option<session::Model>, ServerError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(s) = session::Entity::find_by_id(hash_token(token))
        .one(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle_limit = s.last_seen_at + Duration::minutes(config.session.idle_minutes);
    if now >= s.expires_at || now >= idle_limit {
        session::Entity::delete_by_id(s.token_hash.clone())
            .exec(db.writer())
            .await?;
        return Ok(None);
    }
    if now - s.last_seen_at > Duration::minutes(1) {
        let mut active: session::ActiveModel = s.clone().into();
        active.last_seen_at = Set(now);
        active.update(db.writer()).await?;
    }
    Ok(Some(s))
}

pub async fn delete<C: ConnectionTrait>(conn: &C, token: &str) -> Result<(), ServerError> {
    session::Entity::delete_by_id(hash_token(token))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn delete_all_of<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<(), ServerError> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value that carries a session: HttpOnly, SameSite=Lax,
/// and Secure with the `__Host-` prefix when the portal is on https.
pub fn cookie(config: &Config, token: &str) -> String {
    Cookie::build((config.session_cookie_name(), token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.secure_cookies())
        .max_age(cookie::time::Duration::hours(config.session.absolute_hours))
        .build()
        .to_string()
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(config: &Config) -> String {
    Cookie::build((config.session_cookie_name(), ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.secure_cookies())
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}
