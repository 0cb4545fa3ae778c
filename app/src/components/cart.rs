//! A public shop's cart, kept in the browser's local storage per shop: it
//! survives reloads and opening an account at checkout. The server sees it
//! only at checkout, where every line is checked again.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::CartLine;

/// One line as the cart shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartItem {
    pub product_id: i64,
    pub product_name: String,
    pub price_cents: i64,
    pub quantity: i32,
    pub title: String,
    /// The product's job fields as filled in, by position.
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
    /// The same, as the cart shows them.
    #[serde(default)]
    pub answers: String,
}

#[derive(Clone, Copy)]
pub struct Cart {
    pub items: RwSignal<Vec<CartItem>>,
}

impl Cart {
    pub fn new(slug: &str) -> Self {
        let items = RwSignal::new(Vec::new());
        let key = format!("imprimatur.cart.{slug}");
        // Effects run only in the browser: read the stored cart once, then
        // store every change.
        Effect::new(move |first: Option<()>| {
            if first.is_none() {
                items.set(stored::load(&key));
            } else {
                stored::save(&key, &items.get());
            }
            items.track();
        });
        Self { items }
    }

    pub fn add(&self, item: CartItem) {
        self.items.update(|v| v.push(item));
    }

    pub fn remove(&self, index: usize) {
        self.items.update(|v| {
            if index < v.len() {
                v.remove(index);
            }
        });
    }

    pub fn total_cents(&self) -> i64 {
        self.items.with(|v| {
            v.iter()
                .map(|i| i.price_cents.saturating_mul(i64::from(i.quantity)))
                .sum()
        })
    }

    pub fn lines(&self) -> Vec<CartLine> {
        self.items.with(|v| {
            v.iter()
                .map(|i| CartLine {
                    product_id: i.product_id,
                    quantity: i.quantity,
                    title: i.title.clone(),
                    fields: i.fields.clone(),
                })
                .collect()
        })
    }
}

#[cfg(feature = "hydrate")]
mod stored {
    use super::CartItem;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    /// A missing or unreadable cart is an empty one.
    pub fn load(key: &str) -> Vec<CartItem> {
        storage()
            .and_then(|s| s.get_item(key).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save(key: &str, items: &[CartItem]) {
        let (Some(s), Ok(text)) = (storage(), serde_json::to_string(items)) else {
            return;
        };
        // A full or disabled storage keeps the cart for this page only.
        let _ = s.set_item(key, &text);
    }
}

#[cfg(not(feature = "hydrate"))]
mod stored {
    use super::CartItem;

    pub fn load(_: &str) -> Vec<CartItem> {
        Vec::new()
    }

    pub fn save(_: &str, _: &[CartItem]) {}
}
