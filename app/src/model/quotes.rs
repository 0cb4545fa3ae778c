//! Quotes (PrintShop Mail Web, PrintJob): a customer asks for a price before
//! ordering; the quote manager answers with one; the customer turns the
//! answer into an order or declines it.

use imprimatur_core::{CompanyId, DepartmentId, Resource, ResourceKind, UserId};
use serde::{Deserialize, Serialize};

/// The longest note on a quote request or answer.
pub const MAX_QUOTE_NOTE_LEN: usize = 2_000;
/// The highest price a quote may name, in cents (one million euros).
pub const MAX_QUOTE_CENTS: i64 = 100_000_000;

/// Where a quote stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteState {
    /// Waiting for the quote manager's price.
    Requested,
    /// Priced; the requester may order it or decline.
    Answered,
    /// Ordered at the quoted price.
    Accepted,
    /// Declined by the requester.
    Declined,
}

impl QuoteState {
    pub const ALL: [QuoteState; 4] = [
        QuoteState::Requested,
        QuoteState::Answered,
        QuoteState::Accepted,
        QuoteState::Declined,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            QuoteState::Requested => "requested",
            QuoteState::Answered => "answered",
            QuoteState::Accepted => "accepted",
            QuoteState::Declined => "declined",
        }
    }

    pub fn from_slug(slug: &str) -> Option<QuoteState> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub const fn label(self) -> &'static str {
        match self {
            QuoteState::Requested => "Waiting for a price",
            QuoteState::Answered => "Priced",
            QuoteState::Accepted => "Ordered",
            QuoteState::Declined => "Declined",
        }
    }

    /// Whether the requester may still decline it.
    pub fn open(self) -> bool {
        matches!(self, QuoteState::Requested | QuoteState::Answered)
    }
}

impl Serialize for QuoteState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl<'de> Deserialize<'de> for QuoteState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let slug = String::deserialize(d)?;
        QuoteState::from_slug(&slug)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown quote state `{slug}`")))
    }
}

/// What the request form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewQuote {
    pub product_id: i64,
    pub quantity: i32,
    /// What to print, as the requester describes it.
    pub title: String,
    /// Anything the price depends on: paper, finishing, deadline.
    pub note: String,
}

/// One quote in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRow {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub department_id: Option<i64>,
    pub owner_id: i64,
    pub owner_name: String,
    pub product_id: i64,
    pub product_name: String,
    pub title: String,
    pub quantity: i32,
    pub note: String,
    pub state: QuoteState,
    /// The quoted price for all copies, once answered.
    pub price_cents: Option<i64>,
    pub answer: Option<String>,
    /// "Answered by … on …".
    pub answered: Option<String>,
    /// The order it became.
    pub order_id: Option<i64>,
    pub created_at: String,
}

impl QuoteRow {
    /// The quote as `core` sees it.
    pub fn resource(&self) -> Resource {
        let r = Resource::in_company(ResourceKind::Quote, CompanyId(self.company_id))
            .with_id(self.id)
            .with_owner(UserId(self.owner_id));
        match self.department_id {
            Some(d) => r.with_department(DepartmentId(d)),
            None => r,
        }
    }
}

/// "12.50", "12,50" or "12" euros in cents; `None` for anything else.
pub fn parse_euros(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('€').trim();
    let (whole, frac) = t.split_once(['.', ',']).unwrap_or((t, "00"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 9 {
        return None;
    }
    let euros: i64 = whole.parse().ok()?;
    let cents: i64 = match frac.len() {
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_as_euros_with_a_point_or_a_comma() {
        assert_eq!(parse_euros("12.50"), Some(1250));
        assert_eq!(parse_euros("€ 12,5"), Some(1250));
        assert_eq!(parse_euros("99"), Some(9900));
        assert_eq!(parse_euros("0.07"), Some(7));
        for bad in [
            "",
            "-1",
            "1.234",
            "12.",
            "abc",
            "1e3",
            "1 000",
            "9999999999",
        ] {
            assert_eq!(parse_euros(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_quote_state_is_read_back_from_its_slug() {
        for s in QuoteState::ALL {
            assert_eq!(QuoteState::from_slug(s.slug()), Some(s));
        }
        assert!(QuoteState::Answered.open() && !QuoteState::Accepted.open());
    }
}
