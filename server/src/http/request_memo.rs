//! Answers that one page render asks for more than once. Leptos runs a
//! component inside `Suspense` two or three times on the server, and each
//! run starts its resources again: without this the storefront read its
//! catalog and address book three times per page. Only page renders (GET)
//! get a memo, so a server function that writes never reads its own stale
//! answer.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use axum::http::request::Parts;
use imprimatur_app::error::AppError;
use tokio::sync::OnceCell;

type Cell = Arc<OnceCell<Arc<dyn Any + Send + Sync>>>;

/// One request's answers by key; shared by every copy of its extensions.
#[derive(Clone, Debug, Default)]
pub struct RequestMemo(Arc<Mutex<HashMap<String, Cell>>>);

impl RequestMemo {
    fn cell(&self, key: String) -> Cell {
        let mut cells = self.0.lock().unwrap_or_else(|e| e.into_inner());
        cells.entry(key).or_default().clone()
    }
}

/// `load()`'s answer, run once per request and key (callers that come
/// while it runs wait for it); a failure is not kept, so the next caller
/// tries again. Outside a page render it just runs `load()`.
pub async fn memoized<T, F, Fut>(key: &str, load: F) -> Result<T, AppError>
where
    T: Clone + Send + Sync + 'static,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let memo = leptos::prelude::use_context::<Parts>()
        .and_then(|p| p.extensions.get::<RequestMemo>().cloned());
    let Some(memo) = memo else {
        return load().await;
    };
    // The type is part of the key: one key never holds two kinds of answer.
    let cell = memo.cell(format!("{}:{key}", std::any::type_name::<T>()));
    let stored = cell
        .get_or_try_init(|| async {
            load()
                .await
                .map(|v| Arc::new(v) as Arc<dyn Any + Send + Sync>)
        })
        .await?;
    stored
        .downcast_ref::<T>()
        .cloned()
        .ok_or(AppError::Internal)
}
