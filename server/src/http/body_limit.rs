//! Request bodies are at most 2 MiB (chapter file uploads excepted: they
//! stream, with their own limit). Beyond that the answer is 413, not the
//! 422 a server function gives for a body it could not read.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Large enough for any form or import the portal takes.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        "The request is too large: at most 2 MiB is accepted.",
    )
        .into_response()
}

pub async fn at_most_2_mib(request: Request<Body>, next: Next) -> Response {
    // Chapter file uploads stream into the storage, which applies
    // `storage.max_upload_mb` to each file (chapter_files.rs).
    if super::chapter_files::is_upload(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > MAX_BODY as u64 => too_large(),
        // The connection delivers no more than the declared length.
        Some(_) => next.run(request).await,
        // A body of unknown length is read here, up to the limit, so an
        // oversized one is refused before any handler can misname it.
        None => {
            let (parts, body) = request.into_parts();
            match to_bytes(body, MAX_BODY).await {
                Ok(bytes) => {
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(_) => too_large(),
            }
        }
    }
}
