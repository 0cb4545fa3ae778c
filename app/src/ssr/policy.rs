//! The page's Content-Security-Policy: scripts only from this site or
//! carrying this response's nonce (Leptos puts it on the hydration script
//! and on every inline script it writes), WebAssembly allowed to compile,
//! nothing loaded from elsewhere, and the page never framed.

use leptos::prelude::use_context;

/// Sets the policy on the page being rendered. Called from the shell, so
/// every page gets it; responses without a page get the server's
/// allow-nothing default.
pub fn page_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    // The nonce is URL-safe base64, so the value is always a valid header.
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
