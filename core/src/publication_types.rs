//! Publication types assigned to departments (PrintShop Mail Web: a Company
//! Manager "assigns publication types to a department"): a member of a
//! department limited to some types sees and orders only products of those
//! types. Both `authorize` and `visibility` ask the two functions below, so
//! a list and a single decision cannot disagree.

use serde::{Deserialize, Serialize};

use crate::ids::DepartmentId;
use crate::principal::UserPrincipal;

/// A department limited to some publication types. A department with no
/// such entry orders every type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DepartmentTypes {
    pub department: DepartmentId,
    pub publication_types: Vec<String>,
}

/// The types a product built for `department` may have to reach this
/// person; `None`: any type.
pub(crate) fn for_department(user: &UserPrincipal, department: DepartmentId) -> Option<&[String]> {
    user.department_types
        .iter()
        .find(|t| t.department == department)
        .map(|t| t.publication_types.as_slice())
}

/// The types a company-wide product may have to reach this person; `None`:
/// any type. Someone outside every department, or in one department that
/// orders every type, sees every company-wide product; someone whose
/// departments are all limited sees the types any of them may order.
pub(crate) fn for_company_wide(user: &UserPrincipal) -> Option<Vec<String>> {
    if user.departments.is_empty() {
        return None;
    }
    let mut types: Vec<String> = Vec::new();
    for d in &user.departments {
        for t in for_department(user, *d)? {
            if !types.contains(t) {
                types.push(t.clone());
            }
        }
    }
    Some(types)
}

/// Whether a product of `publication_type` passes `allowed`.
pub(crate) fn admits(allowed: Option<&[String]>, publication_type: Option<&str>) -> bool {
    match allowed {
        None => true,
        Some(ts) => publication_type.is_some_and(|p| ts.iter().any(|t| t == p)),
    }
}
