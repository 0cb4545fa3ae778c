//! Internal errors of the server layer. They are logged and turned into an
//! opaque [`AppError::Internal`]: no SQL, table names or Debug output reach a client.

use imprimatur_app::error::AppError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("password hashing: {0}")]
    Hash(String),
    #[error("background task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl From<ServerError> for AppError {
    fn from(e: ServerError) -> Self {
        tracing::error!(error = %e, "internal error");
        AppError::Internal
    }
}

/// `?` on a database call inside a server function: log it, answer 500.
pub fn internal(e: impl Into<ServerError>) -> AppError {
    AppError::from(e.into())
}
