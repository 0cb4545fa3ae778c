//! Companies as the companies and settings pages show them.

use serde::{Deserialize, Serialize};

/// Where a company's data may be kept (Dispatcher: chosen at initial setup).
pub const DATA_REGIONS: &[(&str, &str)] = &[
    ("eu", "European Union"),
    ("ch", "Switzerland"),
    ("us", "United States"),
];

/// How a company's people sign in (chosen at initial setup). Single sign-on
/// is not offered: nothing here could honour it yet.
pub const AUTH_METHODS: &[(&str, &str)] = &[(
    "password_and_passkeys",
    "E-mail with a password or a passkey",
)];

pub fn label_of(options: &[(&str, &'static str)], slug: &str) -> String {
    options
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| slug.to_string())
}

/// One line of the companies list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    /// customer, print_partner or dealer.
    pub kind: String,
    /// storefront or corporate, for customer companies.
    pub family: Option<String>,
    pub public: bool,
    /// The dealer managing the company, by name.
    pub dealer: Option<String>,
}

/// A company's tenant settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanySettings {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub family: Option<String>,
    /// Members hold roles of the family, so it cannot change.
    pub family_locked: bool,
    pub public: bool,
    pub data_region: String,
    pub auth_method: String,
    pub require_second_factor: bool,
    pub approver_domains: Vec<String>,
    pub dealer: Option<String>,
    /// What `core` lets the viewer change.
    pub may_rename: bool,
    pub may_change_url: bool,
}

/// The new-company form as sent (`company[name]` and so on).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyForm {
    pub name: String,
    pub slug: String,
    pub kind: String,
    #[serde(default)]
    pub family: Option<String>,
    /// The checkbox: "true" when ticked, absent otherwise.
    #[serde(default)]
    pub public: Option<bool>,
    pub data_region: String,
    #[serde(default)]
    pub dealer_id: Option<String>,
    pub admin_email: String,
    pub admin_name: String,
}

/// What the platform fills in to create a company, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCompany {
    pub name: String,
    pub slug: String,
    pub kind: imprimatur_core::CompanyKind,
    pub family: Option<String>,
    pub public: bool,
    pub data_region: String,
    pub dealer_id: Option<i64>,
    pub admin_email: String,
    pub admin_name: String,
}

/// The changes a settings form sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsChange {
    pub name: String,
    pub slug: String,
    pub family: Option<String>,
    pub approver_domains: Vec<String>,
}
