//! The storefront as both sides see it: products, print jobs, approvals.

use imprimatur_core::{CompanyId, DepartmentId, Resource, ResourceKind, ResourceState, UserId};
use serde::{Deserialize, Serialize};

/// The most copies one order may ask for.
pub const MAX_QUANTITY: i32 = 100_000;
/// The longest job description accepted.
pub const MAX_TITLE_LEN: usize = 200;
/// The longest approval comment accepted.
pub const MAX_COMMENT_LEN: usize = 2_000;
/// How many approvers one order may name.
pub const MAX_NOMINEES: usize = 5;
/// How many print jobs one page lists.
pub const ORDERS_PAGE: u64 = 50;

/// One product of the catalog, as a member who may see it sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    /// `None`: built for the whole company.
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub name: String,
    pub description: String,
    pub publication_type: String,
    pub price_cents: i64,
    /// Copies on the printer's shelf; `None`: printed to order.
    #[serde(default)]
    pub stock: Option<i64>,
    /// What the orderer fills in or chooses.
    #[serde(default)]
    pub fields: Vec<super::JobField>,
    /// Stock at or below this is low: managers are told, the storefront
    /// says so.
    #[serde(default)]
    pub low_stock_at: Option<i64>,
}

impl ProductRow {
    pub fn resource(&self) -> Resource {
        let r = Resource::in_company(ResourceKind::Product, CompanyId(self.company_id))
            .with_id(self.id)
            .with_publication_type(self.publication_type.as_str());
        match self.department_id {
            Some(d) => r.with_department(DepartmentId(d)),
            None => r,
        }
    }

    /// A stock replenishment of this product ordered by `me`, as `core`
    /// judges it: an order in the product's company and department (a
    /// department manager refills the shelves their departments order from).
    pub fn replenishment(&self, me: i64) -> Resource {
        let r = Resource::in_company(ResourceKind::Order, CompanyId(self.company_id))
            .with_owner(UserId(me))
            .with_state(ResourceState::Approved);
        match self.department_id {
            Some(d) => r.with_department(DepartmentId(d)),
            None => r,
        }
    }
}

/// What the order form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrder {
    pub product_id: i64,
    pub quantity: i32,
    /// The job's content: what to print, as the orderer describes it.
    pub title: String,
    /// E-mail addresses asked to approve (members, or outside people where
    /// the company allows it), separated by commas or new lines.
    pub approvers: String,
    /// Chosen by the browser once per form; a repeated submit with the same
    /// key returns the first order instead of creating another.
    pub idempotency_key: String,
    /// The address to deliver to (0: none chosen). Someone else's personal
    /// address orders on their behalf.
    #[serde(default)]
    pub address_id: i64,
    /// The product's fields as filled in, by position ("0", "1", …).
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// One print job in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    pub product_id: i64,
    pub product_name: String,
    pub title: String,
    pub quantity: i32,
    pub price_cents: i64,
    pub state: ResourceState,
    pub created_at: String,
    /// Members asked to approve it.
    pub approvers: Vec<i64>,
    /// Who decided its approval, when, and what they wrote.
    pub decision: Option<String>,
    pub reorder_of: Option<i64>,
    /// Where it goes.
    pub ship_to: Option<String>,
    /// Who ordered it for its owner.
    pub placed_by_name: Option<String>,
    /// A stock replenishment: shipping it fills the product's shelf.
    #[serde(default)]
    pub replenishes: bool,
    /// The product's fields as the orderer filled them in.
    #[serde(default)]
    pub answers: Vec<super::JobAnswer>,
    /// The product's fields as they are now, to change the answers.
    #[serde(default)]
    pub fields: Vec<super::JobField>,
    /// Who ordered it for its owner.
    #[serde(default)]
    pub placed_by: Option<i64>,
    /// The quote it was ordered from, at the quoted price.
    #[serde(default)]
    pub from_quote: Option<i64>,
}

impl OrderRow {
    /// The order as `core` sees it, so the page offers only what is allowed.
    pub fn resource(&self) -> Resource {
        let mut r = Resource::in_company(ResourceKind::Order, CompanyId(self.company_id))
            .with_id(self.id)
            .with_owner(UserId(self.owner_id))
            .with_state(self.state);
        if let Some(d) = self.department_id {
            r = r.with_department(DepartmentId(d));
        }
        r.approvers = self.approvers.iter().copied().map(UserId).collect();
        r
    }

    /// Who the job concerns, for separation of duties; `emails` are theirs.
    pub fn parties(&self, emails: Vec<String>) -> imprimatur_core::JobParties {
        imprimatur_core::JobParties {
            recipient: UserId(self.owner_id),
            orderer: UserId(self.placed_by.unwrap_or(self.owner_id)),
            emails,
        }
    }
}

/// The search over print jobs; empty fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderQuery {
    pub text: String,
    /// A `ResourceState` slug, or empty for any.
    pub state: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    pub to: String,
    /// Leaves out the jobs ordered by or for this member: the approval
    /// inbox, under separation of duties. Set by the server only.
    #[serde(skip)]
    pub apart_from: Option<i64>,
}

impl OrderQuery {
    pub fn is_search(&self) -> bool {
        !(self.text.trim().is_empty()
            && self.state.is_empty()
            && self.from.is_empty()
            && self.to.is_empty())
    }
}

/// What an external approver's link shows: the order, read-only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalLinkView {
    pub order: OrderRow,
    /// The address the link was sent to.
    pub email: String,
}

/// "€12.50": prices are kept in cents.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}€{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_read_as_euros_and_cents() {
        assert_eq!(money(1250), "€12.50");
        assert_eq!(money(5), "€0.05");
        assert_eq!(money(-100), "-€1.00");
    }

    #[test]
    fn an_empty_query_is_no_search() {
        assert!(!OrderQuery::default().is_search());
        let q = OrderQuery {
            state: "approved".into(),
            ..OrderQuery::default()
        };
        assert!(q.is_search());
    }
}
