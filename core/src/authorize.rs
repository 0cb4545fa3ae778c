//! `authorize`: may this principal do this to this resource?

use serde::{Deserialize, Serialize};

use crate::catalogue::Permission;
use crate::decision::{Allowed, Decision, Denied};
use crate::principal::{Assignment, Principal, UserPrincipal, UserState};
use crate::publication_types;
use crate::reach::Reach;
use crate::resource::{Resource, ResourceKind, state_allows};
use crate::roles::{RoleRef, Scope, reaches_of};

/// Decide. Default deny; an allow names the assignment that carried it.
pub fn authorize(principal: &Principal, action: Permission, resource: &Resource) -> Decision {
    if action.resource_kind() != resource.kind {
        return Decision::Deny(Denied::WrongResource);
    }
    match principal {
        Principal::Anonymous => Decision::Deny(Denied::NotSignedIn),
        Principal::ExternalApprover(ext) => {
            let its_order = resource.kind == ResourceKind::Order
                && resource.id == Some(ext.order.0)
                && resource.company == Some(ext.company);
            let its_order = its_order && state_allows(action, resource.state);
            if its_order && matches!(action, Permission::OrdersView | Permission::OrdersApprove) {
                Decision::AllowBecause("the approval link was issued for this order")
            } else {
                Decision::Deny(Denied::ExternalApproverLimit)
            }
        }
        Principal::User(user) => authorize_user(user, action, resource),
    }
}

fn authorize_user(user: &UserPrincipal, action: Permission, resource: &Resource) -> Decision {
    if !state_allows(action, resource.state) {
        return Decision::Deny(Denied::ResourceState);
    }
    match user.state {
        UserState::Active => {}
        UserState::Invited
            if action == Permission::InvitationAccept && resource.owner == Some(user.id) =>
        {
            return Decision::AllowBecause("an invited person may accept their own invitation");
        }
        other => return Decision::Deny(Denied::AccountState(other)),
    }
    if user.impersonated_by.is_some() && action.touches_credentials() {
        return Decision::Deny(Denied::WhileImpersonated);
    }
    let mut granted_somewhere = false;
    for a in &user.assignments {
        let bits = reach_bits(user, a, action);
        if bits == 0 {
            continue;
        }
        granted_somewhere = true;
        for reach in reaches_of(bits) {
            if reaches(user, a.scope, reach, resource) {
                return Decision::Allow(Allowed {
                    role: a.role,
                    scope: a.scope,
                    reach,
                    via_group: a.via_group,
                });
            }
        }
    }
    Decision::Deny(if granted_somewhere {
        Denied::OutsideReach(action)
    } else {
        Denied::NoRoleGrants(action)
    })
}

/// The reaches an assignment grants for `action`, one bit per reach code.
#[inline]
pub(crate) fn reach_bits(user: &UserPrincipal, a: &Assignment, action: Permission) -> u16 {
    match a.role {
        RoleRef::Builtin(r) => r.reach_bits(action),
        // A custom role lives in one company: held anywhere else it grants
        // nothing, and wider reaches are ignored even if a bad definition or
        // assignment slipped past validation.
        RoleRef::Custom(id) => user
            .custom_role(id)
            .filter(|c| a.scope.company() == Some(c.company))
            .map(|c| {
                c.grants
                    .iter()
                    .filter(|(p, r)| {
                        *p == action && !matches!(r, Reach::Platform | Reach::ManagedTenants)
                    })
                    .fold(0, |b, (_, r)| b | 1 << r.code())
            })
            .unwrap_or(0),
    }
}

/// Resources that belong to nobody's company: the portal, one's account.
fn is_personal(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::Portal | ResourceKind::PrinterApp | ResourceKind::Account
    )
}

/// Whether `scope` contains `resource`.
pub(crate) fn scope_contains(scope: Scope, resource: &Resource) -> bool {
    match scope {
        Scope::Platform => true,
        _ if resource.company.is_none() => is_personal(resource.kind),
        Scope::Company(c) => resource.company == Some(c),
        Scope::Department(c, d) => resource.company == Some(c) && resource.department == Some(d),
        Scope::Project(c, p) => resource.company == Some(c) && resource.project == Some(p),
    }
}

/// Whether a product is of a publication type the person's departments may
/// order (only products reached through a department are limited).
fn of_assigned_type(user: &UserPrincipal, resource: &Resource) -> bool {
    let wanted = resource.publication_type.as_deref();
    match resource.department {
        Some(d) => publication_types::admits(publication_types::for_department(user, d), wanted),
        None => {
            publication_types::admits(publication_types::for_company_wide(user).as_deref(), wanted)
        }
    }
}

/// Whether a grant with `reach`, held at `scope`, covers `resource`.
pub(crate) fn reaches(
    user: &UserPrincipal,
    scope: Scope,
    reach: Reach,
    resource: &Resource,
) -> bool {
    // Own and department reaches follow the person, bounded by the company.
    let in_company = || match scope.company() {
        None => true,
        Some(c) => {
            resource.company == Some(c)
                || (resource.company.is_none() && is_personal(resource.kind))
        }
    };
    match reach {
        Reach::Platform => true,
        Reach::Scope => scope_contains(scope, resource),
        Reach::Own => resource.owner == Some(user.id) && in_company(),
        Reach::SameDepartment => {
            in_company()
                && match (scope, resource.department) {
                    (Scope::Department(_, d), Some(rd)) => d == rd,
                    (_, Some(rd)) => user.departments.contains(&rd),
                    // A company without departments (or a company-wide item).
                    (_, None) => resource.company.is_some(),
                }
                && (resource.kind != ResourceKind::Product || of_assigned_type(user, resource))
        }
        Reach::RequestedApprover => in_company() && resource.approvers.contains(&user.id),
        Reach::Chapter(level) => {
            in_company()
                && match (resource.kind, resource.chapter, resource.project) {
                    (ResourceKind::Chapter, Some(ch), _) => {
                        user.chapter_level(ch).is_some_and(|l| l >= level)
                    }
                    (ResourceKind::Project, _, Some(p)) => user
                        .chapter_grants
                        .iter()
                        .any(|g| g.project == p && g.level >= level),
                    _ => false,
                }
        }
        Reach::TrackChangesHolder => {
            in_company()
                && resource.chapter.is_some()
                && resource
                    .project
                    .is_some_and(|p| user.track_changes_projects.contains(&p))
        }
        Reach::ManagedTenants => resource
            .company
            .is_some_and(|c| user.managed_tenants.contains(&c)),
    }
}

/// One permission a member holds and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectivePermission {
    pub permission: Permission,
    pub reach: Reach,
    pub from: Assignment,
}

/// Everything a principal holds, each with the assignment it comes from
/// (the access checker's "effective permissions").
pub fn effective_permissions(principal: &Principal) -> Vec<EffectivePermission> {
    let Principal::User(user) = principal else {
        return Vec::new();
    };
    if user.state != UserState::Active {
        return Vec::new();
    }
    let mut out = Vec::new();
    for a in &user.assignments {
        for p in Permission::ALL {
            for reach in reaches_of(reach_bits(user, a, *p)) {
                out.push(EffectivePermission {
                    permission: *p,
                    reach,
                    from: *a,
                });
            }
        }
    }
    out
}
