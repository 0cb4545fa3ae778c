//! Finds who sent each request: the client address it trusts, and the
//! session behind the cookie. A suspended account's session stops working on
//! its next request.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use imprimatur_app::model::{CurrentUser, SecondFactorStep};
use imprimatur_app::ssr::{ClientAddr, PendingSignIn, RequestIdentity, cookie_value};
use imprimatur_core::{UserId, UserState};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::AppState;
use crate::auth::{principal_cache, session};
use crate::db::entities::{session as session_entity, user};
use crate::error::ServerError;
use crate::identity;

/// The peer address, or the last `X-Forwarded-For` hop when the peer is
/// the configured trusted proxy: the proxy appends the address it saw, and
/// everything before it is whatever the client wrote.
fn client_addr(request: &Request<Body>, trusted_proxy: &str) -> Option<IpAddr> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())?;
    if !trusted_proxy.is_empty() && trusted_proxy.parse::<IpAddr>().ok() == Some(peer) {
        // A proxy that adds a header line of its own adds the last one.
        let forwarded = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(last_hop);
        return forwarded.or(Some(peer));
    }
    Some(peer)
}

/// The last address of an `X-Forwarded-For` value, if it is one (some
/// proxies add the port).
fn last_hop(header: &str) -> Option<IpAddr> {
    let hop = header.rsplit(',').next()?.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
}

/// Who the session cookie names: a signed-in person, or a sign-in that
/// waits for its second factor.
enum Found {
    SignedIn(Box<RequestIdentity>),
    Pending(PendingSignIn),
}

async fn identify(state: &AppState, token: &str) -> Result<Option<Found>, ServerError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = session::hash_token(token);
    let Some(row) = principal_cache::session_row(&state.db, &hash).await? else {
        state.principals.forget(&hash);
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let idle_limit =
        row.last_seen_at + chrono::Duration::minutes(state.config.session.idle_minutes);
    if now >= row.expires_at || now >= idle_limit {
        state.principals.forget(&hash);
        session_entity::Entity::delete_by_id(hash)
            .exec(state.db.writer())
            .await?;
        return Ok(None);
    }
    // At most one write a minute per session keeps the idle timeout honest.
    if now - row.last_seen_at > chrono::Duration::minutes(1) {
        session_entity::Entity::update_many()
            .col_expr(session_entity::Column::LastSeenAt, Expr::value(now))
            .filter(session_entity::Column::TokenHash.eq(hash.as_str()))
            .exec(state.db.writer())
            .await?;
    }
    if let Some(step) = row.second_factor_step.as_deref() {
        let Some(step) = SecondFactorStep::parse(step).filter(|_| row.holder_state == "active")
        else {
            session::delete(state.db.writer(), token).await?;
            return Ok(None);
        };
        return Ok(Some(Found::Pending(PendingSignIn {
            session_token: token.to_string(),
            user_id: row.user_id,
            email: row.holder_email,
            step,
        })));
    }
    // Read with the session itself: a suspension ends the session on the
    // next request whatever any cache holds.
    if row.holder_state != "active" {
        state.principals.forget(&hash);
        session::delete_all_of(state.db.writer(), row.user_id).await?;
        return Ok(None);
    }
    let current = match state.principals.get(&row) {
        Some(current) => current,
        None => match build(state, &row).await? {
            Some(current) => {
                state.principals.put(&row, &current);
                current
            }
            None => {
                state.principals.forget(&hash);
                session::delete(state.db.writer(), token).await?;
                return Ok(None);
            }
        },
    };
    Ok(Some(Found::SignedIn(Box::new(RequestIdentity {
        session_token: token.to_string(),
        user: current,
        impersonator: row.impersonator_id,
        recently_authenticated: session::recently_authenticated(&row.session(), now),
    }))))
}

/// The principal behind a live full session, from the database; `None`
/// when the session must end (its holder or its "login as" admin is gone
/// or no longer active).
async fn build(
    state: &AppState,
    row: &principal_cache::SessionRow,
) -> Result<Option<CurrentUser>, ServerError> {
    let Some(u) = user::Entity::find_by_id(row.user_id)
        .one(&state.db.read)
        .await?
    else {
        return Ok(None);
    };
    let mut current = identity::load(&state.db, &u).await?;
    if current.principal.state != UserState::Active {
        return Ok(None);
    }
    if let Some(admin_id) = row.impersonator_id {
        // The admin must still be active, or the "login as" ends with them.
        let admin = user::Entity::find_by_id(admin_id)
            .one(&state.db.read)
            .await?
            .filter(|a| a.state == "active");
        let Some(admin) = admin else {
            return Ok(None);
        };
        current.principal.impersonated_by = Some(UserId(admin.id));
        current.impersonated_by = Some(format!("{} ({})", admin.display_name, admin.email));
    }
    Ok(Some(current))
}

pub async fn attach_identity(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if let Some(addr) = client_addr(&request, &state.config.server.trusted_proxy) {
        request.extensions_mut().insert(ClientAddr(addr));
    }
    if request.method() == axum::http::Method::GET {
        request
            .extensions_mut()
            .insert(super::request_memo::RequestMemo::default());
    }
    let is_static = request.uri().path().starts_with("/pkg/") || request.uri().path() == "/healthz";
    if !is_static
        && let Some(token) = cookie_value(request.headers(), state.config.session_cookie_name())
    {
        match identify(&state, &token).await {
            Ok(Some(Found::SignedIn(identity))) => {
                request.extensions_mut().insert(*identity);
            }
            Ok(Some(Found::Pending(pending))) => {
                request.extensions_mut().insert(pending);
            }
            Ok(None) => {}
            // The request goes on as anonymous; the error is in the log.
            Err(e) => tracing::error!(error = %e, "could not resolve the session"),
        }
    }
    let mut response = next.run(request).await;
    if *QUERY_COUNT_HEADER {
        response
            .headers_mut()
            .insert("x-imprimatur-queries", state.db.queries().into());
    }
    response
}

/// With IMPRIMATUR_QUERY_COUNT_HEADER=1 (the benchmark sets it) every answer
/// carries the number of statements this process has run so far: two
/// readings around a load run give its queries per request.
static QUERY_COUNT_HEADER: std::sync::LazyLock<bool> = std::sync::LazyLock::new(|| {
    std::env::var("IMPRIMATUR_QUERY_COUNT_HEADER").is_ok_and(|v| v == "1")
});

#[cfg(test)]
mod tests {
    use super::last_hop;
    use std::net::IpAddr;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn the_hop_the_proxy_appended_is_the_client_whatever_the_client_wrote_before_it() {
        assert_eq!(last_hop("203.0.113.7"), ip("203.0.113.7"));
        assert_eq!(last_hop("10.0.0.1, 203.0.113.7"), ip("203.0.113.7"));
        assert_eq!(last_hop("10.0.0.1,203.0.113.7"), ip("203.0.113.7"));
        assert_eq!(last_hop("  10.0.0.1 ,\t 203.0.113.7  "), ip("203.0.113.7"));
        assert_eq!(
            last_hop("garbage, 1.2.3.4, 198.51.100.2"),
            ip("198.51.100.2")
        );
    }

    #[test]
    fn an_ipv6_hop_is_read_with_or_without_a_port() {
        assert_eq!(last_hop("10.0.0.1, 2001:db8::1"), ip("2001:db8::1"));
        assert_eq!(last_hop("[2001:db8::2]:4711"), ip("2001:db8::2"));
        assert_eq!(last_hop("198.51.100.3:80"), ip("198.51.100.3"));
        assert_eq!(last_hop("::ffff:192.0.2.9"), ip("::ffff:192.0.2.9"));
    }

    #[test]
    fn an_empty_or_garbled_last_hop_is_no_address() {
        for bad in [
            "",
            " ",
            ",",
            "1.2.3.4,",
            "1.2.3.4, ",
            "unknown",
            "1.2.3.4, evil",
            "999.1.1.1",
            "1.2.3.4 5.6.7.8",
            "2001:db8::1::2",
            "[2001:db8::1]",
        ] {
            assert_eq!(last_hop(bad), None, "{bad:?}");
        }
    }
}
