//! A public company's shop: what anyone sees, and the cart sent at checkout.

use serde::{Deserialize, Serialize};

use super::ProductRow;

/// The most lines one checkout takes.
pub const MAX_CART_LINES: usize = 20;

/// A public shop as a visitor sees it: its company-wide products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storefront {
    pub company_id: i64,
    pub company_name: String,
    pub slug: String,
    pub products: Vec<ProductRow>,
}

/// One line of the cart: a product, how many, and what to print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: i64,
    pub quantity: i32,
    pub title: String,
    /// The product's job fields as filled in, by position.
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// The cart at checkout. Each line becomes an order; the key makes a
/// repeated checkout of the same cart return the same orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartCheckout {
    pub slug: String,
    pub lines: Vec<CartLine>,
    pub idempotency_key: String,
}
