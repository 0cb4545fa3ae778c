//! Product administration: the products an admin keeps, and the form that
//! adds or changes one.

use serde::{Deserialize, Serialize};

use super::{AddressPlace, ProductRow};

/// The longest product name accepted.
pub const MAX_PRODUCT_NAME_LEN: usize = 100;
/// The longest product description accepted.
pub const MAX_PRODUCT_DESCRIPTION_LEN: usize = 500;
/// The longest publication type accepted.
pub const MAX_PUBLICATION_TYPE_LEN: usize = 60;
/// The highest price per copy, in cents (100,000.00).
pub const MAX_PRICE_CENTS: i64 = 10_000_000;
/// The most copies a shelf is said to hold.
pub const MAX_STOCK: i64 = 10_000_000;

/// A product as its admin sees it: switched off ones too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedProduct {
    pub product: ProductRow,
    pub active: bool,
}

/// The products page: what the caller keeps, and where they may add one
/// (companies, each with the departments a product may be built for).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductAdmin {
    pub products: Vec<ManagedProduct>,
    pub places: Vec<AddressPlace>,
}

/// What the product form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    /// 0 for a new product.
    #[serde(default)]
    pub id: i64,
    /// Whom it is built for: `"<company id>"` for the whole company, or
    /// `"<company id>/<department id>"` for one department. A product stays
    /// in its company.
    #[serde(default)]
    pub built_for: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub publication_type: String,
    /// Per copy, as typed: "0.35", "12", "1,50".
    pub price: String,
    /// Kept on the printer's shelf (checkbox: present when ticked).
    #[serde(default)]
    pub stocked: Option<String>,
    /// Warn at or below this many copies (empty: never).
    #[serde(default)]
    pub low_stock_at: String,
    /// Options and job fields, one a line (see `parse_job_fields`).
    #[serde(default)]
    pub job_fields: String,
    /// Copies on the shelf now, as counted (empty: leave it).
    #[serde(default)]
    pub stock: String,
    /// The shelf as the form read it, so a count typed while jobs ship is
    /// refused instead of undoing their shipments.
    #[serde(default)]
    pub stock_was: String,
    /// Offered in the storefront (checkbox: present when ticked).
    #[serde(default)]
    pub active: Option<String>,
}

/// The value of a "Built for" choice.
pub fn built_for(company: i64, department: Option<i64>) -> String {
    match department {
        Some(d) => format!("{company}/{d}"),
        None => company.to_string(),
    }
}

/// "12.50" → 1250 cents; `None` unless it is a price of at most two
/// decimals within bounds.
pub fn parse_price(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (whole, cents) = match text.split_once('.') {
        Some((w, c)) => (w, c),
        None => (text.as_str(), ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 6 || cents.len() > 2 || !digits(whole) || !digits(cents) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().ok()? * 10,
        _ => cents.parse().ok()?,
    };
    let total = whole.checked_mul(100)?.checked_add(cents)?;
    (total <= MAX_PRICE_CENTS).then_some(total)
}

/// Cents as the form shows them: 1250 → "12.50".
pub fn price_text(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_in_whole_units_with_up_to_two_decimals() {
        assert_eq!(parse_price("12.50"), Some(1250));
        assert_eq!(parse_price(" 0,35 "), Some(35));
        assert_eq!(parse_price("7"), Some(700));
        assert_eq!(parse_price("7.5"), Some(750));
        assert_eq!(parse_price("100000"), Some(MAX_PRICE_CENTS));
        for bad in ["", "abc", "-1", "1.234", ".5", "1e3", "100000.01", "1 000"] {
            assert_eq!(parse_price(bad), None, "{bad}");
        }
        assert_eq!(price_text(1250), "12.50");
        assert_eq!(price_text(5), "0.05");
    }
}
