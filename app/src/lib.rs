//! Imprimatur's Leptos application: the pages and components people see, and
//! the server functions they call. Compiled twice: with `ssr` into the server,
//! with `hydrate` into the browser bundle.

// Leptos view types nest deeply; the default limit is too low for the bigger pages.
#![recursion_limit = "256"]

pub mod accounts;
mod app;
pub mod auth;
pub mod checks;
pub mod components;
pub mod documents;
pub mod error;
pub mod model;
pub mod press;
mod routes;
pub mod shop;
#[cfg(feature = "ssr")]
pub mod ssr;
mod webauthn;

pub use app::{App, shell};

/// The browser bundle's entry point: hydrate the server-rendered page. The
/// page's module chunk loads first (the router awaits it), so hydration is
/// asynchronous; `<body data-hydrated>` marks the moment the page is live,
/// which tests (and anyone curious) can tell from server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        let _ = body.set_attribute("data-hydrated", "");
    });
}
