//! Invariants the server checks inside the transaction that changes members.

use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::principal::UserState;
use crate::roles::{CompanyKind, Role, RoleRef};

/// A company member as the invariants see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSnapshot {
    pub user: UserId,
    pub state: UserState,
    /// Roles held in this company (directly or through groups).
    pub roles: Vec<RoleRef>,
}

/// A rule a change would break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvariantViolation {
    /// Dispatcher: "A tenant requires at least one Tenant Super Admin at all times."
    NoActiveTenantSuperAdmin,
    /// Dispatcher: "All tenant members must be assigned at least one role."
    MemberWithoutRole(UserId),
}

impl InvariantViolation {
    pub fn explain(self) -> &'static str {
        match self {
            InvariantViolation::NoActiveTenantSuperAdmin => {
                "A company needs at least one active Tenant Super Admin at all times."
            }
            InvariantViolation::MemberWithoutRole(_) => "Every member must keep at least one role.",
        }
    }
}

fn is_active_super_admin(m: &MemberSnapshot) -> bool {
    m.state == UserState::Active
        && m.roles.iter().any(|r| {
            matches!(
                r,
                RoleRef::Builtin(Role::TenantSuperAdmin | Role::TenantManagerAndAdmin)
            )
        })
}

/// The violations that a change from `before` to `after` introduces. A rule
/// already broken before (a company whose first admin has not accepted yet)
/// does not block unrelated changes.
pub fn check_company_invariants(
    kind: CompanyKind,
    before: &[MemberSnapshot],
    after: &[MemberSnapshot],
) -> Vec<InvariantViolation> {
    let mut out = Vec::new();
    if kind == CompanyKind::Customer
        && before.iter().any(is_active_super_admin)
        && !after.iter().any(is_active_super_admin)
    {
        out.push(InvariantViolation::NoActiveTenantSuperAdmin);
    }
    for m in after {
        let had_role = before
            .iter()
            .find(|b| b.user == m.user)
            .is_none_or(|b| !b.roles.is_empty());
        if m.roles.is_empty() && had_role {
            out.push(InvariantViolation::MemberWithoutRole(m.user));
        }
    }
    out
}
