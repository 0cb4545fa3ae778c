//! A company's own roles, as the custom-roles page shows and sends them.

use imprimatur_core::{CompanyKind, Family, Permission, Reach};
use serde::{Deserialize, Serialize};

/// One of the company's roles, with how many members hold it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomRoleRow {
    pub id: i64,
    pub name: String,
    pub family: Family,
    pub grants: Vec<(Permission, Reach)>,
    pub holders: u64,
}

/// The custom-roles page of one company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomRoles {
    pub company_id: i64,
    pub company_name: String,
    pub kind: CompanyKind,
    pub customer_family: Option<Family>,
    pub roles: Vec<CustomRoleRow>,
}

impl CustomRoles {
    /// The families this company may build roles in (from `core`).
    pub fn families(&self) -> Vec<Family> {
        imprimatur_core::custom_role_families(self.kind, self.customer_family)
    }
}

/// A role as the editor sends it: `grants` are [`grant_key`]s.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomRoleForm {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    pub family: String,
    #[serde(default)]
    pub grants: Vec<String>,
}

/// What a change to a role does to one member holding it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolderChange {
    pub name: String,
    pub email: String,
    pub gained: Vec<(Permission, Reach)>,
    pub lost: Vec<(Permission, Reach)>,
}

/// A picker box's value: the permission's slug and the reach's code.
pub fn grant_key(permission: Permission, reach: Reach) -> String {
    format!("{}@{}", permission.slug(), reach.code())
}

/// The (permission, reach) a picker value names, if it names one.
pub fn parse_grant_key(key: &str) -> Option<(Permission, Reach)> {
    let (slug, code) = key.split_once('@')?;
    Some((
        Permission::from_slug(slug)?,
        Reach::from_code(code.parse().ok()?)?,
    ))
}

/// "Approve print jobs (within the scope of the role)".
pub fn grant_label(permission: Permission, reach: Reach) -> String {
    format!("{} ({})", permission.label(), reach.describe())
}

/// Whether holding `role` alone lets someone sign in: to the web portal or
/// the printer app. An invitation carries only such a role.
pub fn lets_sign_in(role: &imprimatur_core::CustomRole) -> bool {
    use imprimatur_core::Permission;
    role.grants.iter().any(|(p, _)| {
        matches!(
            p,
            Permission::PortalAccess | Permission::PrinterAppCalibrateQa
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_key_round_trips_and_garbage_names_nothing() {
        let key = grant_key(Permission::UsersView, Reach::Scope);
        assert_eq!(
            parse_grant_key(&key),
            Some((Permission::UsersView, Reach::Scope))
        );
        assert_eq!(parse_grant_key("users.view"), None);
        assert_eq!(parse_grant_key("users.view@99"), None);
        assert_eq!(parse_grant_key("nothing@8"), None);
    }
}
