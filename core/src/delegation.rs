//! Delegation: who may hand out which role where, and what a custom role may
//! contain. No escalation, plus each seed's own limits.

use serde::{Deserialize, Serialize};

use crate::account_reach::{MemberView, may_act_on_member};
use crate::authorize::{authorize, reach_bits};
use crate::catalogue::Permission;
use crate::decision::{Allowed, Decision, Denied};
use crate::ids::CompanyId;
use crate::principal::{CustomRole, Principal, UserPrincipal, UserState};
use crate::reach::Reach;
use crate::resource::{Resource, ResourceKind};
use crate::roles::{CompanyKind, Family, Role, RoleRef, Scope, ScopeKind, reaches_of};

/// What the server knows about the place a role is being given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignTarget {
    /// The kind of the scope's company (`None` at platform scope).
    pub company_kind: Option<CompanyKind>,
    /// The customer family the company chose in its settings.
    pub customer_family: Option<Family>,
    /// Whether the company already has a tenant admin (or a pending invitation for one).
    pub has_tenant_admin: bool,
}

fn membership_at(scope: Scope) -> Resource {
    let mut r = Resource::new(ResourceKind::Membership);
    r.company = scope.company();
    match scope {
        Scope::Department(_, d) => r.department = Some(d),
        Scope::Project(_, p) => r.project = Some(p),
        Scope::Platform | Scope::Company(_) => {}
    }
    r
}

/// The company a scope lies in, as a scope (the platform for the platform).
fn company_level(scope: Scope) -> Scope {
    scope.company().map_or(Scope::Platform, Scope::Company)
}

/// Reaches whose rows depend on who the holder is; they never leave the
/// company of the scope they are held at.
fn person_relative(reach: Reach) -> bool {
    matches!(
        reach,
        Reach::Own
            | Reach::SameDepartment
            | Reach::RequestedApprover
            | Reach::Chapter(_)
            | Reach::TrackChangesHolder
    )
}

/// Whether `user` holds `permission` at least as far as `reach` reaches when
/// held at `scope`: every row the grant would open is open to `user` already.
fn holds(user: &UserPrincipal, permission: Permission, reach: Reach, scope: Scope) -> bool {
    let personal = matches!(
        permission.resource_kind(),
        ResourceKind::Portal | ResourceKind::PrinterApp | ResourceKind::Account
    );
    user.assignments.iter().any(|a| {
        let same_company = || company_level(a.scope).encloses(company_level(scope));
        reaches_of(reach_bits(user, a, permission)).any(|held| match (held, reach) {
            (Reach::Platform, _) => true,
            (Reach::ManagedTenants, Reach::ManagedTenants) => true,
            (_, Reach::Platform | Reach::ManagedTenants) => false,
            (Reach::ManagedTenants, _) => {
                !personal
                    && scope
                        .company()
                        .is_some_and(|c| user.managed_tenants.contains(&c))
            }
            (Reach::Scope, Reach::Scope) => a.scope.encloses(scope),
            (Reach::Scope, r) if person_relative(r) => a.scope.encloses(company_level(scope)),
            (Reach::Own, Reach::Own)
            | (Reach::RequestedApprover, Reach::RequestedApprover)
            | (Reach::TrackChangesHolder, Reach::TrackChangesHolder) => same_company(),
            (Reach::Chapter(h), Reach::Chapter(n)) => h >= n && same_company(),
            (Reach::SameDepartment, Reach::SameDepartment) => {
                a.scope == scope
                    || (a.scope.kind() != ScopeKind::Department
                        && scope.kind() != ScopeKind::Department
                        && same_company())
            }
            _ => false,
        })
    })
}

const TENANT_ADMIN_ROLES: [Role; 3] = [
    Role::TenantSuperAdmin,
    Role::TenantAdmin,
    Role::TenantManagerAndAdmin,
];

/// May `actor` give `role` at `scope`? `custom` is the definition when
/// `role` is a custom role.
pub fn may_assign(
    actor: &Principal,
    role: RoleRef,
    custom: Option<&CustomRole>,
    scope: Scope,
    target: &AssignTarget,
) -> Decision {
    let Principal::User(user) = actor else {
        return Decision::Deny(Denied::NotSignedIn);
    };
    if user.state != UserState::Active {
        return Decision::Deny(Denied::AccountState(user.state));
    }
    let grants: Vec<(Permission, Reach)> = match (role, custom) {
        (RoleRef::Builtin(r), _) => {
            let def = r.def();
            if !def.scopes.contains(&scope.kind()) {
                return Decision::Deny(Denied::WrongScope);
            }
            if def.company_kind.is_some() && def.company_kind != target.company_kind {
                return Decision::Deny(Denied::WrongScope);
            }
            if matches!(def.family, Family::Storefront | Family::Corporate)
                && target.customer_family != Some(def.family)
            {
                return Decision::Deny(Denied::SeedLimit(
                    "the company uses the other customer role family",
                ));
            }
            Permission::ALL
                .iter()
                .flat_map(|p| r.reaches(*p).map(move |reach| (*p, reach)))
                .collect()
        }
        (RoleRef::Custom(id), Some(c)) if c.id == id => {
            let inside =
                matches!(scope, Scope::Company(co) | Scope::Department(co, _) if co == c.company);
            if !inside {
                return Decision::Deny(Denied::WrongScope);
            }
            c.grants.clone()
        }
        (RoleRef::Custom(_), _) => return Decision::Deny(Denied::WrongScope),
    };

    if matches!(role, RoleRef::Builtin(Role::Admin | Role::JuniorAdmin)) {
        let platform = Resource::new(ResourceKind::Platform);
        return match authorize(actor, Permission::AdministratorsManage, &platform) {
            Decision::Allow(a) => no_escalation(user, &grants, scope, a),
            _ => Decision::Deny(Denied::SeedLimit("only an Admin creates administrators")),
        };
    }

    let membership = membership_at(scope);
    if let RoleRef::Builtin(r) = role
        && TENANT_ADMIN_ROLES.contains(&r)
    {
        return may_assign_tenant_admin(actor, user, r, scope, &membership, &grants, target);
    }

    match authorize(actor, Permission::RolesAssign, &membership) {
        Decision::Allow(allowed) => no_escalation(user, &grants, scope, allowed),
        denied => denied,
    }
}

/// May `actor` give `role` at `scope` to a member group, so that everyone in
/// the group holds it through the group? Groups need "Manage member groups"
/// in the company; the role itself follows [`may_assign`]. Administrator
/// roles, which the company's invariants count, go to people only.
pub fn may_give_to_group(
    actor: &Principal,
    role: RoleRef,
    custom: Option<&CustomRole>,
    scope: Scope,
    target: &AssignTarget,
) -> Decision {
    if let RoleRef::Builtin(r) = role
        && (TENANT_ADMIN_ROLES.contains(&r) || r.def().company_kind.is_none())
    {
        return Decision::Deny(Denied::SeedLimit(
            "administrator roles are given to people, not groups",
        ));
    }
    let Some(company) = scope.company() else {
        return Decision::Deny(Denied::WrongScope);
    };
    let groups = Resource::in_company(ResourceKind::Group, company);
    match authorize(actor, Permission::GroupsManage, &groups) {
        Decision::Allow(_) => may_assign(actor, role, custom, scope, target),
        denied => denied,
    }
}

/// May `actor` invite someone by e-mail with `role` at `scope`? Inviting
/// needs the right to invite there and the right to hand out the role (the
/// role waits on the invitation). Tenant admin roles follow Dispatcher's own
/// invitation rules inside [`may_assign`].
pub fn may_invite(
    actor: &Principal,
    role: RoleRef,
    custom: Option<&CustomRole>,
    scope: Scope,
    target: &AssignTarget,
) -> Decision {
    let tenant_admin_role = matches!(role, RoleRef::Builtin(r) if TENANT_ADMIN_ROLES.contains(&r));
    if !tenant_admin_role {
        let invite = authorize(actor, Permission::UsersInvite, &membership_at(scope));
        if !invite.is_allowed() {
            return invite;
        }
    }
    may_assign(actor, role, custom, scope, target)
}

/// May `actor` sign in as `target` ("login as", PrintJob Admin)? Only with
/// the right to impersonate over the target, never nested, never oneself,
/// never an active account's equal or higher administrator.
pub fn may_impersonate(
    actor: &Principal,
    target: &UserPrincipal,
    seen_through: &[Resource],
) -> Decision {
    let Principal::User(user) = actor else {
        return Decision::Deny(Denied::NotSignedIn);
    };
    if user.impersonated_by.is_some() {
        return Decision::Deny(Denied::SeedLimit(
            "you are already acting as someone; return to your own account first",
        ));
    }
    if user.id == target.id {
        return Decision::Deny(Denied::SeedLimit("that is your own account"));
    }
    if target.state != UserState::Active {
        return Decision::Deny(Denied::SeedLimit("only an active account can be acted as"));
    }
    let top_rank = |u: &UserPrincipal| {
        u.assignments
            .iter()
            .filter_map(|a| match a.role {
                RoleRef::Builtin(r) if r.family() == Family::Platform => Some(r.def().rank),
                _ => None,
            })
            .max()
    };
    if let Some(theirs) = top_rank(target)
        && top_rank(user).is_none_or(|mine| theirs >= mine)
    {
        return Decision::Deny(Denied::SeedLimit(
            "never an administrator of equal or higher rank",
        ));
    }
    let anywhere = [Resource::new(ResourceKind::User)
        .with_id(target.id.0)
        .with_owner(target.id)];
    let places = if seen_through.is_empty() {
        &anywhere[..]
    } else {
        seen_through
    };
    let member = MemberView::new(target.id, places.to_vec(), target.assignments.clone());
    may_act_on_member(actor, Permission::Impersonate, &member)
}

/// Dispatcher: only a tenant admin invites another tenant admin; a tenant
/// manager invites only the first one, and the first is always a Tenant Super Admin.
fn may_assign_tenant_admin(
    actor: &Principal,
    user: &UserPrincipal,
    role: Role,
    scope: Scope,
    membership: &Resource,
    grants: &[(Permission, Reach)],
    target: &AssignTarget,
) -> Decision {
    if !target.has_tenant_admin && role == Role::TenantAdmin {
        return Decision::Deny(Denied::SeedLimit(
            "the first tenant admin is always a Tenant Super Admin",
        ));
    }
    match authorize(actor, Permission::TenantAdminsInvite, membership) {
        Decision::Allow(allowed) if allowed.reach == Reach::ManagedTenants => {
            if target.has_tenant_admin {
                Decision::Deny(Denied::SeedLimit(
                    "a tenant manager invites only a tenant's first admin; other tenant admins must be invited by a tenant admin",
                ))
            } else if role != Role::TenantSuperAdmin {
                Decision::Deny(Denied::SeedLimit(
                    "a tenant manager invites the first Tenant Super Admin only",
                ))
            } else {
                // The one place a role is handed out by someone who does not
                // hold it: Dispatcher's dealers set up a tenant's first admin.
                Decision::Allow(allowed)
            }
        }
        Decision::Allow(allowed) => no_escalation(user, grants, scope, allowed),
        _ => Decision::Deny(Denied::SeedLimit(
            "only a tenant admin invites another tenant admin",
        )),
    }
}

fn no_escalation(
    user: &UserPrincipal,
    grants: &[(Permission, Reach)],
    scope: Scope,
    allowed: Allowed,
) -> Decision {
    match grants
        .iter()
        .find(|(p, reach)| !holds(user, *p, *reach, scope))
    {
        Some((p, _)) => Decision::Deny(Denied::Escalation(*p)),
        None => Decision::Allow(allowed),
    }
}

/// May `actor` change or delete `role`? Built-in roles never change; a custom
/// role needs the right to manage custom roles in its company.
pub fn may_edit_role(actor: &Principal, role: RoleRef, company: CompanyId) -> Decision {
    match role {
        RoleRef::Builtin(_) => Decision::Deny(Denied::SystemRole),
        RoleRef::Custom(_) => authorize(
            actor,
            Permission::CustomRolesManage,
            &Resource::in_company(ResourceKind::CustomRole, company),
        ),
    }
}

/// What is wrong with a custom role's definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomRoleProblem {
    /// The creator may not manage roles in this company.
    NotAllowed,
    /// Custom roles live in a company's families, never the platform's.
    PlatformFamily,
    /// A role needs at least one permission.
    Empty,
    /// The permission is not used by any role of the chosen family.
    NotInFamily(Permission, Reach),
    /// The creator does not hold the permission this far.
    NotHeld(Permission, Reach),
    /// A company's role cannot reach beyond the company.
    BeyondCompany(Permission, Reach),
}

impl CustomRoleProblem {
    pub fn explain(self) -> String {
        match self {
            CustomRoleProblem::NotAllowed => {
                "You may not manage roles in this company.".to_string()
            }
            CustomRoleProblem::PlatformFamily => {
                "Custom roles belong to a company family.".to_string()
            }
            CustomRoleProblem::Empty => "Choose at least one permission.".to_string(),
            CustomRoleProblem::NotInFamily(p, _) => {
                format!(
                    "\u{201c}{}\u{201d} is not part of this role family.",
                    p.label()
                )
            }
            CustomRoleProblem::BeyondCompany(p, _) => {
                format!(
                    "\u{201c}{}\u{201d} cannot reach beyond the company in a custom role.",
                    p.label()
                )
            }
            CustomRoleProblem::NotHeld(p, r) => {
                format!(
                    "You cannot grant \u{201c}{}\u{201d} {}: you do not hold it.",
                    p.label(),
                    r.describe()
                )
            }
        }
    }
}

/// Check a custom role before it is saved: one family, only what the creator
/// holds in the company. Returns every problem found (empty: valid).
pub fn validate_custom_role(
    actor: &Principal,
    company: CompanyId,
    family: Family,
    grants: &[(Permission, Reach)],
) -> Vec<CustomRoleProblem> {
    let mut problems = Vec::new();
    let allowed = authorize(
        actor,
        Permission::CustomRolesManage,
        &Resource::in_company(ResourceKind::CustomRole, company),
    );
    let Principal::User(user) = actor else {
        return vec![CustomRoleProblem::NotAllowed];
    };
    if !allowed.is_allowed() {
        problems.push(CustomRoleProblem::NotAllowed);
    }
    if family == Family::Platform {
        problems.push(CustomRoleProblem::PlatformFamily);
    }
    if grants.is_empty() {
        problems.push(CustomRoleProblem::Empty);
    }
    for &(p, reach) in grants {
        if matches!(reach, Reach::Platform | Reach::ManagedTenants) {
            problems.push(CustomRoleProblem::BeyondCompany(p, reach));
            continue;
        }
        let in_family =
            Role::of_family(family).any(|r| r.reaches(p).any(|held| held.covers(reach)));
        if !in_family {
            problems.push(CustomRoleProblem::NotInFamily(p, reach));
        }
        if !holds(user, p, reach, Scope::Company(company)) {
            problems.push(CustomRoleProblem::NotHeld(p, reach));
        }
    }
    problems
}
