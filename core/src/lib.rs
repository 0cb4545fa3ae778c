//! Imprimatur's permission core.
//!
//! Pure rules shared by the browser (WASM) and the server (native): what each
//! role of the five seed systems may do, who may hand out which role, and which
//! rows a person may see. No I/O, no async, no panics. Every question is
//! answered with a [`Decision`] that defaults to deny and can explain itself.

/// Serialize a type as its stable slug, and read it back from one.
macro_rules! serde_by_slug {
    ($ty:ty, $what:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.slug())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let slug = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$ty>::from_slug(&slug).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("unknown ", $what, " `{}`"), slug))
                })
            }
        }
    };
}

mod account_reach;
mod authorize;
mod catalogue;
mod custom_roles;
mod decision;
mod delegation;
mod duties;
mod ids;
mod invariants;
mod job_status;
pub mod matrix;
mod principal;
pub mod public_shop;
mod publication_types;
mod reach;
mod resource;
mod roles;
mod two_factor;
mod visibility;

pub use account_reach::{MemberView, may_act_on_member};
pub use authorize::{EffectivePermission, authorize, effective_permissions};
pub use catalogue::{Module, Permission, PermissionSet};
pub use custom_roles::{
    GrantChoice, PermissionChange, custom_role_families, grant_choices, role_change_effect,
};
pub use decision::{Allowed, Decision, Denied, Names, NumericNames};
pub use delegation::{
    AssignTarget, CustomRoleProblem, may_assign, may_edit_role, may_give_to_group, may_impersonate,
    may_invite, validate_custom_role,
};
pub use duties::{Approver, JobParties, mailbox, may_approve, same_mailbox, separation_of_duties};
pub use ids::{
    ChapterId, CompanyId, CustomRoleId, DepartmentId, GroupId, OrderId, ProjectId, UserId,
};
pub use invariants::{InvariantViolation, MemberSnapshot, check_company_invariants};
pub use job_status::{StatusChange, Transition, after_content_change};
pub use principal::{
    Assignment, ChapterGrant, ChapterLevel, CustomRole, ExternalApprover, Principal, UserPrincipal,
    UserState,
};
pub use publication_types::DepartmentTypes;
pub use reach::Reach;
pub use resource::{Resource, ResourceKind, ResourceState};
pub use roles::{CompanyKind, Family, Role, RoleRef, Scope, ScopeKind, StartupScreen};
pub use two_factor::{
    SecondFactorPolicy, SecondFactorReason, is_platform_staff, may_set_second_factor_rule,
    second_factor_required,
};
pub use visibility::{Conjunct, DepartmentMatch, Filter, Match, visibility};
