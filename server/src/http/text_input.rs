//! No text the portal keeps may hold a NUL character. PostgreSQL refuses one
//! in every text column, which made a search for "%00" a 500 there (found by
//! `make fuzz`); SQLite would store it and compare it oddly later. So it is
//! refused at the door, for every server function at once, before anything
//! is read or written: a 422 that says why.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use imprimatur_app::error::AppError;

use super::body_limit::MAX_BODY;

const MESSAGE: &str = "Text may not contain a NUL character (\\0).";

pub async fn no_nul_characters(request: Request<Body>, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    let (parts, body) = request.into_parts();
    // The body limit outside this layer has let at most MAX_BODY through.
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
    };
    let nul = bytes.contains(&0)
        || match json {
            true => json_escaped_nul(&bytes),
            false => url_encoded_nul(&bytes),
        };
    if nul {
        return refused();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// In a form a literal `%` is `%25`, so `%00` is always a NUL. (Server
/// functions take no GET: the CSRF layer refuses one before this.)
fn url_encoded_nul(text: &[u8]) -> bool {
    text.windows(3).any(|w| w == b"%00")
}

/// `\u0000` whose backslash is not itself escaped (`\\u0000` is the text
/// "\u0000", which is harmless).
fn json_escaped_nul(text: &[u8]) -> bool {
    text.windows(6).enumerate().any(|(i, w)| {
        w == b"\\u0000" && text[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
    })
}

/// The same answer a server function gives for input it cannot take.
fn refused() -> Response {
    let body = serde_json::to_string(&AppError::Invalid(MESSAGE.to_string()))
        .unwrap_or_else(|_| MESSAGE.to_string());
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percent_encoded_nul_is_found_and_an_encoded_percent_sign_is_not() {
        assert!(url_encoded_nul(b"search=%00"));
        assert!(url_encoded_nul(b"a=1&name=x%00y"));
        assert!(!url_encoded_nul(b"search=%2500"));
        assert!(!url_encoded_nul(b"search=100%25"));
    }

    #[test]
    fn a_json_escaped_nul_is_found_and_an_escaped_backslash_is_not() {
        assert!(json_escaped_nul(br#"{"name":"a\u0000b"}"#));
        assert!(json_escaped_nul(br#"{"name":"\\\u0000"}"#));
        assert!(!json_escaped_nul(br#"{"name":"\\u0000"}"#));
        assert!(!json_escaped_nul(br#"{"name":"u0000"}"#));
    }
}
