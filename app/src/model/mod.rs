//! Types both sides see: what the browser learns about the signed-in person.

use imprimatur_core::{Permission, StartupScreen, UserPrincipal};
use serde::{Deserialize, Serialize};

/// A role as the person sees it: "Power User in Sales".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleHeld {
    pub role: String,
    pub family: String,
    pub scope: String,
}

/// The signed-in person. `principal` lets the browser ask `core` the same
/// questions the server will ask, so it shows only what the person may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub principal: UserPrincipal,
    pub roles: Vec<RoleHeld>,
    /// The start-up screen of the person's highest role (PrintShop Mail Web).
    pub startup: Option<StartupScreen>,
    /// Set while a platform admin acts as this person.
    pub impersonated_by: Option<String>,
}

impl CurrentUser {
    /// Whether any role lets this person see other members (the same
    /// question the server asks before it lists them).
    pub fn may_see_members(&self) -> bool {
        let principal = imprimatur_core::Principal::User(self.principal.clone());
        imprimatur_core::visibility(
            &principal,
            Permission::UsersView,
            imprimatur_core::ResourceKind::User,
        ) != imprimatur_core::Filter::None
    }

    pub fn may_use_portal(&self) -> bool {
        let principal = imprimatur_core::Principal::User(self.principal.clone());
        let portal = imprimatur_core::Resource::new(imprimatur_core::ResourceKind::Portal);
        imprimatur_core::authorize(&principal, Permission::PortalAccess, &portal).is_allowed()
    }

    /// The Scantrust printer app, the Print Operator's only pages.
    pub fn may_use_printer_app(&self) -> bool {
        let principal = imprimatur_core::Principal::User(self.principal.clone());
        let app = imprimatur_core::Resource::new(imprimatur_core::ResourceKind::PrinterApp);
        imprimatur_core::authorize(&principal, Permission::PrinterAppCalibrateQa, &app).is_allowed()
    }
}

/// One line of the members list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub state: String,
    /// How `core` sees the member (one resource per company and department,
    /// and their roles), as far as the viewer may know it, so the page
    /// offers only the actions the viewer may take.
    pub view: imprimatur_core::MemberView,
}

impl CurrentUser {
    /// Whether `core` lets this person use `permission` on `member`.
    pub fn may_act_on(&self, permission: Permission, member: &MemberRow) -> bool {
        let principal = imprimatur_core::Principal::User(self.principal.clone());
        imprimatur_core::may_act_on_member(&principal, permission, &member.view).is_allowed()
    }

    /// Whether `core` lets this person see anything of `kind` under `permission`.
    pub fn may_see_any(&self, permission: Permission, kind: imprimatur_core::ResourceKind) -> bool {
        let principal = imprimatur_core::Principal::User(self.principal.clone());
        imprimatur_core::visibility(&principal, permission, kind) != imprimatur_core::Filter::None
    }
}

mod accounts;
mod addresses;
mod audit;
mod companies;
mod custom_roles;
mod groups;
mod import;
mod job_fields;
mod orders;
mod products;
mod projects;
mod publication_types;
mod quotes;
mod security;
mod store;
mod work_orders;

pub use accounts::*;
pub use addresses::*;
pub use audit::*;
pub use companies::*;
pub use custom_roles::*;
pub use groups::*;
pub use import::*;
pub use job_fields::*;
pub use orders::*;
pub use products::*;
pub use projects::*;
pub use publication_types::*;
pub use quotes::*;
pub use security::*;
pub use store::*;
pub use work_orders::*;
