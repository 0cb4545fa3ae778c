//! The role × permission matrix of a family, as the seeds print their own
//! tables: one row a permission, one column a role. Shared by the
//! `imprimatur roles` command and the portal's "at a glance" page.

use crate::catalogue::Permission;
use crate::reach::Reach;
use crate::roles::{Family, Role};

/// One row: a permission and, per role of the family, the reaches it grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixRow {
    pub permission: Permission,
    pub cells: Vec<Vec<Reach>>,
}

/// The family's roles, in the seed's order, and every permission one of them grants.
pub fn family_matrix(family: Family) -> (Vec<Role>, Vec<MatrixRow>) {
    let roles: Vec<Role> = Role::of_family(family).collect();
    let rows = Permission::ALL
        .iter()
        .filter(|p| roles.iter().any(|r| r.grants(**p)))
        .map(|p| MatrixRow {
            permission: *p,
            cells: roles.iter().map(|r| r.reaches(*p).collect()).collect(),
        })
        .collect();
    (roles, rows)
}

/// A reach in the few words a table cell has room for.
pub fn short(reach: Reach) -> &'static str {
    use crate::principal::ChapterLevel::*;
    match reach {
        Reach::Own => "own",
        Reach::SameDepartment => "own department",
        Reach::RequestedApprover => "when asked",
        Reach::Chapter(ReadComment) => "chapter: Read & Comment",
        Reach::Chapter(InCopy) => "chapter: InCopy",
        Reach::Chapter(InDesign) => "chapter: InDesign",
        Reach::TrackChangesHolder => "with TrackChanges permission",
        Reach::Scope => "✓",
        Reach::ManagedTenants => "managed tenants",
        Reach::Platform => "all",
    }
}

/// A whole cell: the reaches, comma-separated (empty: not granted).
pub fn cell(reaches: &[Reach]) -> String {
    reaches
        .iter()
        .map(|r| short(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_familys_matrix_has_a_column_a_role_and_only_rows_someone_holds() {
        let (roles, rows) = family_matrix(Family::PrintPartner);
        assert_eq!(
            roles,
            vec![
                Role::AccountAdminPrint,
                Role::WorkOrderManager,
                Role::PrintOperator
            ]
        );
        assert!(
            rows.iter()
                .all(|r| r.cells.len() == 3 && r.cells.iter().any(|c| !c.is_empty()))
        );
        let calibrate = rows
            .iter()
            .find(|r| r.permission == Permission::PrinterAppCalibrateQa)
            .unwrap();
        assert_eq!(
            calibrate.cells.iter().map(|c| cell(c)).collect::<Vec<_>>(),
            vec!["✓", "", "✓"]
        );
    }
}
