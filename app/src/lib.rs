//! Imprimatur's Leptos application: the pages and components people see, and
//! the server functions they call. Compiled twice: with `ssr` into the server,
//! with `hydrate` into the browser bundle.

// Leptos view types nest deeply; the default limit is too low for the bigger pages.
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
mod webauthn;

pub use app::{App, shell};

/// The browser bundle's entry point: hydrate the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
