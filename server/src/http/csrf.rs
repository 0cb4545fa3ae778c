//! Cross-site request forgery: a state-changing request must come from the
//! portal's own pages. Browsers say so in `Sec-Fetch-Site`; older ones send
//! `Origin`, which must be the portal's own.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use imprimatur_app::error::AppError;

use super::AppState;

pub fn is_same_origin(request: &Request<Body>, public_origin: &str) -> bool {
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("same-origin") | Some("none")) {
        return true;
    }
    if fetch_site.is_some() {
        return false;
    }
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) == Some(public_origin)
}

pub async fn same_origin_only(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || is_same_origin(&request, &state.config.public_origin()) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
    AppError::Forbidden(
        "This request did not come from the portal's own pages, so it was refused.".to_string(),
    )
    .into_response()
}
