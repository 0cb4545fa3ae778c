//! Acting on a person's whole account: suspending or reactivating it,
//! requiring or resetting its second factor, sending it a password link or
//! its credentials. One account may belong to several companies (CtrlPrint,
//! Dispatcher), and such an action changes it in all of them, so reaching
//! the account through one company is not enough: the actor needs the
//! permission over every company the account belongs to, and never acts on
//! platform staff (unless of a higher platform rank) or on someone who holds
//! a higher-ranked role there than any role of the actor's.

use serde::{Deserialize, Serialize};

use crate::authorize::authorize;
use crate::catalogue::Permission;
use crate::decision::{Decision, Denied};
use crate::ids::{CompanyId, UserId};
use crate::principal::{Assignment, Principal, UserPrincipal};
use crate::resource::Resource;
use crate::roles::{Family, Role, RoleRef, Scope};

/// A member as `core` sees them when someone acts on their account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: UserId,
    /// One resource per company and department the member belongs to.
    pub seen_through: Vec<Resource>,
    /// The roles the member holds and where.
    pub roles: Vec<Assignment>,
}

impl MemberView {
    pub fn new(id: UserId, seen_through: Vec<Resource>, roles: Vec<Assignment>) -> Self {
        Self {
            id,
            seen_through,
            roles,
        }
    }

    /// The companies the account belongs to.
    pub fn companies(&self) -> Vec<CompanyId> {
        let mut out: Vec<CompanyId> = self
            .seen_through
            .iter()
            .filter_map(|r| r.company)
            .chain(self.roles.iter().filter_map(|a| a.scope.company()))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The rank of a built-in role; a company's own roles rank lowest, since
/// they never grant more than their creator holds.
fn rank(role: RoleRef) -> u8 {
    match role {
        RoleRef::Builtin(r) => r.def().rank,
        RoleRef::Custom(_) => 0,
    }
}

fn is_platform(role: RoleRef) -> bool {
    matches!(role, RoleRef::Builtin(r) if r.family() == Family::Platform)
}

/// The highest platform rank among `roles`.
fn platform_rank(roles: &[Assignment]) -> Option<u8> {
    roles
        .iter()
        .filter(|a| is_platform(a.role))
        .map(|a| rank(a.role))
        .max()
}

/// The actor's highest rank in `company`: roles held there, at the
/// platform, or over it as the Tenant Manager of its dealer.
fn actor_rank_in(actor: &UserPrincipal, company: CompanyId) -> u8 {
    let managed = actor.managed_tenants.contains(&company);
    actor
        .assignments
        .iter()
        .filter(|a| {
            a.scope == Scope::Platform
                || a.scope.company() == Some(company)
                || (managed && a.role == RoleRef::Builtin(Role::TenantManager))
        })
        .map(|a| rank(a.role))
        .max()
        .unwrap_or(0)
}

/// The member's highest rank in `company`.
fn member_rank_in(member: &MemberView, company: CompanyId) -> u8 {
    member
        .roles
        .iter()
        .filter(|a| a.scope.company() == Some(company))
        .map(|a| rank(a.role))
        .max()
        .unwrap_or(0)
}

/// May `actor` use `permission` on `member`'s whole account? Allowed only
/// when the permission reaches the member in every company and department
/// they belong to; never on oneself (nobody locks themselves out by
/// accident), never on platform staff but from a higher platform rank, and
/// never on a member who holds a higher-ranked role in one of their
/// companies than the actor holds there.
pub fn may_act_on_member(
    actor: &Principal,
    permission: Permission,
    member: &MemberView,
) -> Decision {
    let Principal::User(me) = actor else {
        return Decision::Deny(Denied::NotSignedIn);
    };
    if me.id == member.id {
        return Decision::Deny(Denied::SeedLimit(
            "this acts on your own account; ask another administrator",
        ));
    }
    if member.seen_through.is_empty() {
        return Decision::Deny(Denied::NoRoleGrants(permission));
    }
    let decisions: Vec<Decision> = member
        .seen_through
        .iter()
        .map(|place| authorize(actor, permission, place))
        .collect();
    let allowed = decisions.iter().find(|d| d.is_allowed()).copied();
    if let Some(denied) = decisions.iter().find(|d| !d.is_allowed()) {
        return if allowed.is_some() {
            Decision::Deny(Denied::SeedLimit(
                "this account also belongs to a company beyond your reach; \
                 only someone who reaches all of them may change it",
            ))
        } else {
            *denied
        };
    }
    if let Some(theirs) = platform_rank(&member.roles)
        && platform_rank(&me.assignments).is_none_or(|mine| mine <= theirs)
    {
        return Decision::Deny(Denied::SeedLimit(
            "this account belongs to platform staff of equal or higher rank",
        ));
    }
    if member
        .companies()
        .into_iter()
        .any(|c| member_rank_in(member, c) > actor_rank_in(me, c))
    {
        return Decision::Deny(Denied::SeedLimit(
            "this member holds a higher-ranked role than yours",
        ));
    }
    allowed.unwrap_or(Decision::Deny(Denied::NoRoleGrants(permission)))
}

impl MemberView {
    /// What `viewer` may know of the member: the companies where the viewer
    /// may see members stay as they are; every other company shrinks to one
    /// anonymous resource that no company's role reaches, so the answer of
    /// [`may_act_on_member`] is unchanged while the other companies, and the
    /// roles held there, are not revealed.
    pub fn as_seen_by(&self, viewer: &Principal) -> MemberView {
        let hidden = |c: Option<CompanyId>| {
            !self
                .seen_through
                .iter()
                .filter(|r| r.company == c)
                .any(|r| authorize(viewer, Permission::UsersView, r).is_allowed())
        };
        let mut seen_through: Vec<Resource> = self
            .seen_through
            .iter()
            .filter(|r| !hidden(r.company))
            .cloned()
            .collect();
        if seen_through.len() < self.seen_through.len() {
            seen_through.push(
                Resource::new(crate::resource::ResourceKind::User)
                    .with_id(self.id.0)
                    .with_owner(self.id),
            );
        }
        // Platform staff stay platform staff, without saying where.
        let roles = self
            .roles
            .iter()
            .filter_map(|a| match a.scope.company() {
                Some(c) if hidden(Some(c)) => is_platform(a.role).then_some(Assignment {
                    scope: Scope::Platform,
                    ..*a
                }),
                _ => Some(*a),
            })
            .collect();
        MemberView::new(self.id, seen_through, roles)
    }
}
