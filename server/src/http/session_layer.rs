//! Finds who sent each request: the client address it trusts, and the
//! session behind the cookie. A suspended account's session stops working on
//! its next request.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use imprimatur_app::model::SecondFactorStep;
use imprimatur_app::ssr::{ClientAddr, PendingSignIn, RequestIdentity, cookie_value};
use imprimatur_core::{UserId, UserState};
use sea_orm::EntityTrait;

use super::AppState;
use crate::auth::session;
use crate::db::entities::user;
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
    let Some(s) = session::resolve(&state.db, &state.config, token).await? else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(s.user_id)
        .one(&state.db.read)
        .await?
    else {
        return Ok(None);
    };
    if let Some(step) = s.second_factor_step.as_deref() {
        let Some(step) = SecondFactorStep::parse(step).filter(|_| u.state == "active") else {
            session::delete(state.db.writer(), token).await?;
            return Ok(None);
        };
        return Ok(Some(Found::Pending(PendingSignIn {
            session_token: token.to_string(),
            user_id: u.id,
            email: u.email,
            step,
        })));
    }
    let mut current = identity::load(&state.db, &u).await?;
    if current.principal.state != UserState::Active {
        session::delete_all_of(state.db.writer(), u.id).await?;
        return Ok(None);
    }
    if let Some(admin_id) = s.impersonator_id {
        // The admin must still be active, or the "login as" ends with them.
        let admin = user::Entity::find_by_id(admin_id)
            .one(&state.db.read)
            .await?
            .filter(|a| a.state == "active");
        let Some(admin) = admin else {
            session::delete(state.db.writer(), token).await?;
            return Ok(None);
        };
        current.principal.impersonated_by = Some(UserId(admin.id));
        current.impersonated_by = Some(format!("{} ({})", admin.display_name, admin.email));
    }
    Ok(Some(Found::SignedIn(Box::new(RequestIdentity {
        session_token: token.to_string(),
        user: current,
        impersonator: s.impersonator_id,
        recently_authenticated: session::recently_authenticated(&s, chrono::Utc::now()),
    }))))
}

pub async fn attach_identity(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if let Some(addr) = client_addr(&request, &state.config.server.trusted_proxy) {
        request.extensions_mut().insert(ClientAddr(addr));
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
    next.run(request).await
}

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
