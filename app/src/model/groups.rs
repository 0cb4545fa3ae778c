//! Member groups: named sets of a company's members that roles are given
//! to; everyone in a group holds the group's roles through it.

use serde::{Deserialize, Serialize};

use super::InvitePlace;

/// Someone in a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMemberRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// A role the group holds, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRoleRow {
    pub id: i64,
    pub role: String,
    /// "Acme" or "Acme / Sales".
    pub place: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub members: Vec<GroupMemberRow>,
    pub roles: Vec<GroupRoleRow>,
}

/// The groups page of one company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Groups {
    pub company_id: i64,
    pub company_name: String,
    pub groups: Vec<GroupRow>,
    /// Where the viewer may give roles to groups, and which (from `core`).
    pub places: Vec<InvitePlace>,
}

/// A role a member holds through a group, as their page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleThroughGroup {
    pub role: String,
    pub place: String,
    pub group: String,
}
