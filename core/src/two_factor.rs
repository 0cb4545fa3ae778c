//! Who must prove a second factor at sign-in. Each rule comes from a seed:
//! a company requires it of its members (CtrlPrint "Activate 2FA and SSO"),
//! the platform of its staff, an administrator of one member (Scantrust
//! "Enable 2FA for users"), and a reset makes the member enrol again
//! (CtrlPrint "Reset a user's 2FA token").

use serde::{Deserialize, Serialize};

use crate::authorize::authorize;
use crate::catalogue::Permission;
use crate::decision::{Decision, Names};
use crate::ids::CompanyId;
use crate::principal::Principal;
use crate::principal::UserPrincipal;
use crate::resource::{Resource, ResourceKind};
use crate::roles::{Family, RoleRef, Scope};

/// The settings that bear on one person, as the server read them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorPolicy {
    /// An administrator required it of this member.
    pub required_for_member: bool,
    /// An administrator reset the member's second factor.
    pub reset_by_admin: bool,
    /// Companies that require a second factor of their members.
    pub companies_requiring: Vec<CompanyId>,
    /// The platform requires a second factor of its staff.
    pub platform_requires_staff: bool,
}

/// Why a second factor is required; the first rule that applies wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorReason {
    ResetByAdmin,
    RequiredForMember,
    Company(CompanyId),
    PlatformStaff,
}

impl SecondFactorReason {
    pub fn explain(&self, names: &dyn Names) -> String {
        match self {
            SecondFactorReason::ResetByAdmin => {
                "an administrator reset your second factor, so set up a new one".to_string()
            }
            SecondFactorReason::RequiredForMember => {
                "an administrator requires a second factor for your account".to_string()
            }
            SecondFactorReason::Company(c) => format!(
                "{} requires a second factor of its members",
                names.scope(Scope::Company(*c))
            ),
            SecondFactorReason::PlatformStaff => {
                "the platform requires a second factor of its staff".to_string()
            }
        }
    }
}

/// Platform staff: anyone holding a role of the platform family, wherever.
pub fn is_platform_staff(user: &UserPrincipal) -> bool {
    user.assignments.iter().any(|a| match a.role {
        RoleRef::Builtin(r) => r.family() == Family::Platform,
        RoleRef::Custom(id) => user
            .custom_role(id)
            .is_some_and(|c| c.family == Family::Platform),
    })
}

/// Must `user` prove a second factor at sign-in, and why.
pub fn second_factor_required(
    user: &UserPrincipal,
    policy: &SecondFactorPolicy,
) -> Option<SecondFactorReason> {
    if policy.reset_by_admin {
        return Some(SecondFactorReason::ResetByAdmin);
    }
    if policy.required_for_member {
        return Some(SecondFactorReason::RequiredForMember);
    }
    let member_of = |c: CompanyId| {
        user.assignments
            .iter()
            .any(|a| a.scope.company() == Some(c))
    };
    if let Some(c) = policy
        .companies_requiring
        .iter()
        .copied()
        .find(|c| member_of(*c))
    {
        return Some(SecondFactorReason::Company(c));
    }
    if policy.platform_requires_staff && is_platform_staff(user) {
        return Some(SecondFactorReason::PlatformStaff);
    }
    None
}

/// May `actor` set whether `company` requires a second factor of its members
/// (CtrlPrint "Activate 2FA and SSO", Dispatcher's tenant security), or, with
/// no company, whether the platform requires one of its staff (a system
/// setting, PrintJob Admin)?
pub fn may_set_second_factor_rule(actor: &Principal, company: Option<CompanyId>) -> Decision {
    match company {
        Some(c) => authorize(
            actor,
            Permission::Security2faSso,
            &Resource::in_company(ResourceKind::Company, c),
        ),
        None => authorize(
            actor,
            Permission::SystemSettings,
            &Resource::new(ResourceKind::Platform),
        ),
    }
}
