//! Idempotency keys for order forms: a fresh random key per form, made in
//! the browser, so a double click or a retried request orders once.
//! Without JavaScript the form sends none and the server orders each post.

use leptos::prelude::*;

/// A signal holding the form's key; `renew` after each success.
#[derive(Clone, Copy)]
pub struct OrderKey {
    pub key: ReadSignal<String>,
    set: WriteSignal<String>,
}

impl OrderKey {
    pub fn new() -> Self {
        let (key, set) = signal(String::new());
        // Effects run only in the browser.
        Effect::new(move |_| set.set(fresh()));
        Self { key, set }
    }

    pub fn renew(&self) {
        self.set.set(fresh());
    }
}

impl Default for OrderKey {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "hydrate")]
fn fresh() -> String {
    use web_sys::js_sys::Math::random;
    // Two draws of 52 bits each: collisions within one person's orders
    // are not a practical concern.
    let part = || (random() * 4_503_599_627_370_496.0) as u64;
    format!("{:013x}{:013x}", part(), part())
}

#[cfg(not(feature = "hydrate"))]
fn fresh() -> String {
    String::new()
}
