//! Security headers on every response. Pages get their Content-Security-
//! Policy from the shell (it knows the page's script nonce); everything
//! else gets a policy that allows nothing, so a file served from `/pkg` or
//! a CSV can never run as a page. No page may be framed (the approve
//! buttons would be clickjacked), no response is sniffed into another
//! type, and no address leaks to another site through `Referer` (one-time
//! links carry their token in the URL; the portal's own pages keep it, which
//! shows a form's error without JavaScript).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// What a response that set no policy of its own gets.
const NOTHING_ALLOWED: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

pub async fn secure(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let is_get = request.method() == Method::GET || request.method() == Method::HEAD;
    let mut response = next.run(request).await;
    // A page that redirects while rendering says so with `Location`; a
    // client that did not ask for HTML would otherwise get a 200 with a
    // stray `Location` instead of a redirect.
    if is_get
        && response.status() == StatusCode::OK
        && response.headers().contains_key(header::LOCATION)
    {
        *response.status_mut() = StatusCode::FOUND;
    }
    let headers = response.headers_mut();
    let defaults: [(HeaderName, &str); 4] = [
        (header::CONTENT_SECURITY_POLICY, NOTHING_ALLOWED),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if state.config.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}
