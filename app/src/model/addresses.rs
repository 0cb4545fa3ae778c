//! Addresses (PrintJob): company addresses, optionally assigned to one
//! department, and personal addresses of members (inactive ones too). Any
//! address the member may see can be chosen at checkout; choosing someone
//! else's personal address orders on their behalf.

use imprimatur_core::{CompanyId, DepartmentId, Resource, ResourceKind, UserId};
use serde::{Deserialize, Serialize};

/// The longest name, street and city accepted.
pub const MAX_ADDRESS_FIELD_LEN: usize = 120;

/// One address as a member who may see it sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressRow {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    /// `None`: a company address.
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
}

impl AddressRow {
    /// The address as `core` sees it.
    pub fn resource(&self) -> Resource {
        let kind = if self.owner_id.is_some() {
            ResourceKind::PersonalAddress
        } else {
            ResourceKind::CompanyAddress
        };
        let mut r = Resource::in_company(kind, CompanyId(self.company_id)).with_id(self.id);
        if let Some(o) = self.owner_id {
            r = r.with_owner(UserId(o));
        }
        if let Some(d) = self.department_id {
            r = r.with_department(DepartmentId(d));
        }
        r
    }

    /// "Head office, 1 Main Street, 1011 AB Amsterdam, Netherlands".
    pub fn one_line(&self) -> String {
        format!(
            "{}, {}, {} {}, {}",
            self.name, self.street, self.postcode, self.city, self.country
        )
    }
}

/// A company the member may keep addresses in, with its departments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressPlace {
    pub company_id: i64,
    pub company_name: String,
    pub departments: Vec<(i64, String)>,
}

/// Everything the addresses page and the checkout's address choice need.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressBook {
    pub company: Vec<AddressRow>,
    pub personal: Vec<AddressRow>,
    pub places: Vec<AddressPlace>,
}

/// What the address form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressForm {
    /// 0 for a new address.
    #[serde(default)]
    pub id: i64,
    /// A personal address (the caller's own unless `owner_id` is set).
    #[serde(default)]
    pub personal: bool,
    #[serde(default)]
    pub company_id: i64,
    /// A department id to assign a company address to, or empty.
    #[serde(default)]
    pub department_id: String,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
}
