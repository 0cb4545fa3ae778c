//! Server functions answer every error with status 500; this puts the status
//! that belongs to the error on the response (401, 403, 404, 409, 422, 429),
//! and writes every refusal by `core` (403) to the audit trail.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{ClientAddr, RequestIdentity};

use super::AppState;
use crate::audit::{self, Actor, Event, Outcome};

/// Error bodies are a short JSON object; anything longer is not one of ours.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn from_app_error(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let is_api = path.starts_with("/api/");
    let identity = request.extensions().get::<RequestIdentity>();
    let actor = Actor {
        user: identity.map(|i| i.user.id),
        real_user: identity.and_then(|i| i.impersonator),
        client: request.extensions().get::<ClientAddr>().map(|c| c.0),
    };
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::from("Something went wrong on our side."));
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
        if let AppError::Forbidden(why) = &error {
            let event = Event::new("authorization", actor)
                .outcome(Outcome::Denied)
                .detail(format!("{path}: {why}"));
            if let Err(e) = audit::record(state.db.writer(), event).await {
                tracing::error!(error = %e, "could not record a refusal in the audit trail");
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
