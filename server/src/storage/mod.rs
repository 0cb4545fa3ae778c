//! Where chapter files live: a store of objects under random keys. The
//! database keeps the key, size and SHA-256 of each; the bytes stay here.
//!
//! Objects are written as they arrive (never held whole in memory), counted
//! and hashed on the way, and only appear under their key once complete: a
//! failed or oversized upload leaves nothing behind.

mod local;

pub use local::LocalStorage;

/// An object just written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub key: String,
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

/// Bytes as they arrive or leave.
pub type ByteStream = futures::stream::BoxStream<'static, Result<bytes::Bytes, std::io::Error>>;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the file is larger than the {limit} bytes accepted")]
    TooLarge { limit: u64 },
    #[error("no stored file has this key")]
    NotFound,
    #[error("not a storage key")]
    InvalidKey,
    #[error("storage: {0}")]
    Io(#[from] std::io::Error),
}

/// A place for objects (a local directory; later perhaps S3).
#[async_trait::async_trait]
pub trait Storage: Send + Sync + 'static {
    /// Streams `body` into a new object; more than `limit` bytes ->
    /// `StorageError::TooLarge`; on any error nothing is left behind.
    async fn put(&self, body: ByteStream, limit: u64) -> Result<Stored, StorageError>;
    /// `NotFound` if absent.
    async fn get(&self, key: &str) -> Result<ByteStream, StorageError>;
    /// Deleting an absent object is no error.
    async fn delete(&self, key: &str) -> Result<(), StorageError>;
}
