//! Server-only glue between the server functions and the server crate: the
//! identity the session middleware attached to the request, and the backend
//! that does the work. The server crate implements [`Backend`].

use std::net::IpAddr;
use std::sync::Arc;

use http::request::Parts;
use leptos::prelude::use_context;

use crate::error::AppError;
use crate::model::CurrentUser;

/// Who sent this request, as the session middleware found it.
#[derive(Clone, Debug)]
pub struct RequestIdentity {
    /// The session token from the cookie (never logged).
    pub session_token: String,
    pub user: CurrentUser,
}

/// The client address as the server trusts it (see the server's proxy setting).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// What a successful sign-in hands back.
pub struct SignedIn {
    /// The `Set-Cookie` value for the new session.
    pub set_cookie: String,
    /// Where the person starts (their role's start-up screen).
    pub landing: String,
}

/// The server's side of the server functions.
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Check the credentials and open a new session (the old one, if any, ends).
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
        previous_session: Option<&str>,
    ) -> Result<SignedIn, AppError>;

    /// End the session; returns the `Set-Cookie` value that clears the cookie.
    async fn sign_out(&self, session_token: &str) -> Result<String, AppError>;

    /// Members matching `search` among the rows `filter` lets through, in SQL.
    async fn list_members(
        &self,
        filter: &imprimatur_core::Filter,
        search: &str,
    ) -> Result<Vec<crate::model::MemberRow>, AppError>;
}

/// The backend, provided as context by the server.
pub fn backend() -> Result<Arc<dyn Backend>, AppError> {
    use_context::<Arc<dyn Backend>>().ok_or_else(|| {
        tracing::error!("no backend in context");
        AppError::Internal
    })
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The signed-in person, if any.
pub fn identity() -> Option<RequestIdentity> {
    parts().and_then(|p| p.extensions.get::<RequestIdentity>().cloned())
}

/// The signed-in person, or 401.
pub fn require_identity() -> Result<RequestIdentity, AppError> {
    identity().ok_or_else(AppError::not_signed_in)
}

/// The client's address, if the server knows it.
pub fn client_addr() -> Option<IpAddr> {
    parts().and_then(|p| p.extensions.get::<ClientAddr>().map(|c| c.0))
}

/// The session token from the request's cookie, even if the session is gone.
pub fn session_cookie(name: &str) -> Option<String> {
    cookie_value(&parts()?.headers, name)
}

/// The value of cookie `name` in a request's headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The name of the session cookie, provided as context by the server.
#[derive(Clone, Debug)]
pub struct SessionCookieName(pub String);

pub fn session_cookie_name() -> String {
    use_context::<SessionCookieName>()
        .map(|c| c.0)
        .unwrap_or_else(|| "imprimatur_session".to_string())
}

/// Add a response header from inside a server function.
pub fn set_header(name: http::HeaderName, value: &str) -> Result<(), AppError> {
    let options = use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    let value = http::HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    options.append_header(name, value);
    Ok(())
}

/// Axum handlers and middleware answer with the same error type as the
/// server functions: the status from [`AppError::status`], the JSON body.
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}
