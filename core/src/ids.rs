//! Identifiers as the database hands them out. Newtypes keep a company id
//! from ever being passed where a department id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )*};
}

id!(
    /// A person's account.
    UserId,
    /// A company of any kind (customer, print partner, dealer).
    CompanyId,
    /// A department inside a customer company.
    DepartmentId,
    /// A group of members inside a company.
    GroupId,
    /// A project inside a customer company (CtrlPrint).
    ProjectId,
    /// A chapter of a project (CtrlPrint).
    ChapterId,
    /// A print job / order.
    OrderId,
    /// A role a company built itself from the catalogue.
    CustomRoleId,
);
