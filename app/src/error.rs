//! The one error type every server function returns. It crosses the wire as
//! JSON; the server maps each variant to its HTTP status.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, in words a person can act on. Database and internal
/// errors never reach the client: they become [`AppError::Internal`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 401: not signed in, or the session ended.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 404
    #[error("{0}")]
    NotFound(String),
    /// 409: the change conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// 422: the input is not acceptable.
    #[error("{0}")]
    Invalid(String),
    /// 429: too many attempts.
    #[error("{0}")]
    TooManyRequests(String),
    /// 500, with the details only in the server's log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not reach the server or read its answer.
    #[error("The server could not be reached. Check your connection and try again.")]
    Unreachable,
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::Invalid(_) => 422,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal => 500,
            AppError::Unreachable => 502,
        }
    }

    pub fn not_signed_in() -> Self {
        AppError::Unauthorized("Please sign in.".to_string())
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself was malformed: the caller can fix it.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::Invalid(format!("The request could not be read: {}", shortened(&m)))
            }
            ServerFnErrorErr::MissingArg(m) => {
                AppError::Invalid(format!("Missing field: {}", shortened(&m)))
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unreachable,
            _ => AppError::Internal,
        }
    }
}

/// A parser's message quotes the offending input, which may be huge: keep
/// the start, enough to see what was wrong.
fn shortened(message: &str) -> String {
    const MAX: usize = 200;
    match message.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_request_is_answered_briefly_however_long_its_input() {
        let huge = format!(
            "invalid type: string \"{}\", expected i64",
            "x".repeat(300_000)
        );
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args(huge));
        let AppError::Invalid(m) = e else {
            unreachable!("a malformed request is 422")
        };
        assert!(m.chars().count() < 260, "{}", m.len());
        assert!(m.starts_with("The request could not be read: invalid type"));
    }
}
