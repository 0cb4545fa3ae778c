//! Objects as files in one directory. A key is 32 random hex digits, never
//! a name a user chose; an upload is written to a hidden temporary file in
//! the same directory and renamed into place once complete.

use std::path::{Path, PathBuf};

use futures::StreamExt;
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{ByteStream, Storage, StorageError, Stored};

/// Read in pieces of this size when serving a file.
const CHUNK: usize = 64 * 1024;

#[derive(Clone, Debug)]
pub struct LocalStorage {
    dir: PathBuf,
}

impl LocalStorage {
    /// The directory is created at the first upload.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, StorageError> {
        if is_key(key) {
            Ok(self.dir.join(key))
        } else {
            Err(StorageError::InvalidKey)
        }
    }
}

/// What `put` hands out: 32 lowercase hex digits.
fn is_key(key: &str) -> bool {
    key.len() == 32
        && key
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn new_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Removes the temporary file unless the upload completed, also when the
/// upload is abandoned half-way (the client went away, the handler was
/// dropped).
struct Partial {
    path: Option<PathBuf>,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[async_trait::async_trait]
impl Storage for LocalStorage {
    async fn put(&self, mut body: ByteStream, limit: u64) -> Result<Stored, StorageError> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let key = new_key();
        let target = self.dir.join(&key);
        let temp = self.dir.join(format!(".{key}.part"));
        let mut partial = Partial {
            path: Some(temp.clone()),
        };
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .await?;
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(StorageError::TooLarge { limit });
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&temp, &target).await?;
        partial.path = None;
        Ok(Stored {
            key,
            size,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    async fn get(&self, key: &str) -> Result<ByteStream, StorageError> {
        let path = self.path_of(key)?;
        let file = match tokio::fs::File::open(&path).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StorageError::NotFound);
            }
            Err(e) => return Err(e.into()),
        };
        let stream = futures::stream::try_unfold(file, |mut file| async move {
            let mut buf = vec![0u8; CHUNK];
            let n = file.read(&mut buf).await?;
            if n == 0 {
                return Ok(None);
            }
            buf.truncate(n);
            Ok(Some((bytes::Bytes::from(buf), file)))
        });
        Ok(stream.boxed())
    }

    async fn delete(&self, key: &str) -> Result<(), StorageError> {
        let path = self.path_of(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn body(parts: &[&'static [u8]]) -> ByteStream {
        let items: Vec<Result<bytes::Bytes, std::io::Error>> = parts
            .iter()
            .map(|p| Ok(bytes::Bytes::from_static(p)))
            .collect();
        futures::stream::iter(items).boxed()
    }

    async fn read_all(mut s: ByteStream) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(chunk) = s.next().await {
            out.extend_from_slice(&chunk.unwrap());
        }
        out
    }

    fn entries(dir: &Path) -> usize {
        std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
    }

    #[tokio::test]
    async fn a_stored_file_comes_back_byte_for_byte_with_its_size_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStorage::new(dir.path().join("files"));
        let stored = store.put(body(&[b"hello ", b"world"]), 100).await.unwrap();
        assert_eq!(stored.size, 11);
        assert_eq!(
            stored.sha256,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert!(is_key(&stored.key));
        assert_eq!(
            read_all(store.get(&stored.key).await.unwrap()).await,
            b"hello world"
        );
        store.delete(&stored.key).await.unwrap();
        assert!(matches!(
            store.get(&stored.key).await,
            Err(StorageError::NotFound)
        ));
        store.delete(&stored.key).await.unwrap();
    }

    #[tokio::test]
    async fn a_file_over_the_limit_is_refused_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStorage::new(dir.path());
        let e = store.put(body(&[b"12345", b"67890"]), 9).await.unwrap_err();
        assert!(matches!(e, StorageError::TooLarge { limit: 9 }), "{e}");
        assert_eq!(entries(dir.path()), 0);
    }

    #[tokio::test]
    async fn a_broken_upload_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStorage::new(dir.path());
        let items: Vec<Result<bytes::Bytes, std::io::Error>> = vec![
            Ok(bytes::Bytes::from_static(b"part")),
            Err(std::io::Error::other("connection reset")),
        ];
        assert!(
            store
                .put(futures::stream::iter(items).boxed(), 100)
                .await
                .is_err()
        );
        assert_eq!(entries(dir.path()), 0);
    }

    #[tokio::test]
    async fn keys_that_are_not_the_stores_own_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStorage::new(dir.path());
        for key in [
            "../etc/passwd",
            "",
            "ABCDEF0123456789ABCDEF0123456789",
            "x/y",
        ] {
            assert!(
                matches!(store.get(key).await, Err(StorageError::InvalidKey)),
                "{key}"
            );
            assert!(
                matches!(store.delete(key).await, Err(StorageError::InvalidKey)),
                "{key}"
            );
        }
    }
}
