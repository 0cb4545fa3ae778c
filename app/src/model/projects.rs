//! A customer company's document projects (CtrlPrint).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: i64,
    pub name: String,
    /// Roles held at the project (its Project Administrators).
    pub roles_held: u64,
}

/// The projects page of one company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projects {
    pub company_id: i64,
    pub company_name: String,
    pub projects: Vec<ProjectRow>,
}
