//! When a list reloads after an action: after a change landed or a conflict
//! (the data moved), not after refused input, which would rebuild the rows
//! and wipe what the person typed into them.

use leptos::prelude::*;

use crate::error::AppError;

/// Counts the answers of an action (`value`: its latest answer) that should
/// reload the lists it feeds.
pub fn reloads<T>(
    value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
) -> ReadSignal<usize> {
    let (count, set) = signal(0usize);
    Effect::new(move |_| {
        if matches!(value(), Some(Ok(_)) | Some(Err(AppError::Conflict(_)))) {
            set.update(|n| *n += 1);
        }
    });
    count
}
