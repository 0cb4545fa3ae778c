//! The browser bundle: the app crate's `hydrate` entry point, exported from
//! the one crate that is built as a WASM `cdylib`.

#[cfg(feature = "hydrate")]
pub use imprimatur_app::hydrate;
