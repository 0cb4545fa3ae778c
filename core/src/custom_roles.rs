//! A company's own roles (PrintShop Mail Web "Create new roles"): which
//! families a company may build them in, what the permission picker offers
//! (and why some of it cannot be granted), and what a change does to the
//! people who hold the role, before it is saved.

use serde::{Deserialize, Serialize};

use crate::authorize::effective_permissions;
use crate::catalogue::Permission;
use crate::delegation::{CustomRoleProblem, validate_custom_role};
use crate::ids::CompanyId;
use crate::principal::{CustomRole, Principal, UserPrincipal};
use crate::reach::Reach;
use crate::roles::{CompanyKind, Family, Role, Scope};

/// The families a company of `kind` may build roles in: those with built-in
/// roles for that kind of company; a customer company only in the customer
/// family it uses.
pub fn custom_role_families(kind: CompanyKind, customer_family: Option<Family>) -> Vec<Family> {
    Family::ALL
        .iter()
        .copied()
        .filter(|f| *f != Family::Platform)
        .filter(|f| {
            !matches!(f, Family::Storefront | Family::Corporate) || customer_family == Some(*f)
        })
        .filter(|f| Role::of_family(*f).any(|r| r.def().company_kind == Some(kind)))
        .collect()
}

/// One box of the permission picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantChoice {
    pub permission: Permission,
    pub reach: Reach,
    /// Why the actor cannot grant it; `None` when they can.
    pub problem: Option<CustomRoleProblem>,
}

/// Every permission and reach some built-in role of `family` grants inside a
/// company, each with the reason the actor cannot grant it, if any.
pub fn grant_choices(actor: &Principal, company: CompanyId, family: Family) -> Vec<GrantChoice> {
    let mut out = Vec::new();
    for p in Permission::ALL {
        let mut reaches: Vec<Reach> = Role::of_family(family)
            .flat_map(|r| r.reaches(*p))
            .filter(|r| !matches!(r, Reach::Platform | Reach::ManagedTenants))
            .collect();
        reaches.sort_by_key(|r| r.code());
        reaches.dedup();
        for reach in reaches {
            let problem = validate_custom_role(actor, company, family, &[(*p, reach)])
                .into_iter()
                .find(|problem| !matches!(problem, CustomRoleProblem::Empty));
            out.push(GrantChoice {
                permission: *p,
                reach,
                problem,
            });
        }
    }
    out
}

/// What changing a custom role does to one person holding it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionChange {
    pub gained: Vec<(Permission, Reach)>,
    pub lost: Vec<(Permission, Reach)>,
}

impl PermissionChange {
    pub fn is_empty(&self) -> bool {
        self.gained.is_empty() && self.lost.is_empty()
    }
}

/// What `holder` gains and loses if their custom role `changed.id` becomes
/// `changed`. Their other roles count: a permission another role already
/// gives them, as far and as wide, is neither gained nor lost.
pub fn role_change_effect(holder: &UserPrincipal, changed: &CustomRole) -> PermissionChange {
    let mut after = holder.clone();
    after.custom_roles.retain(|r| r.id != changed.id);
    after.custom_roles.push(changed.clone());
    let held = |u: &UserPrincipal| -> Vec<(Permission, Reach, Scope)> {
        effective_permissions(&Principal::User(u.clone()))
            .into_iter()
            .map(|e| (e.permission, e.reach, e.from.scope))
            .collect()
    };
    let before = held(holder);
    let after = held(&after);
    PermissionChange {
        gained: uncovered(&after, &before),
        lost: uncovered(&before, &after),
    }
}

/// The (permission, reach) pairs of `these` that nothing in `by` covers.
fn uncovered(
    these: &[(Permission, Reach, Scope)],
    by: &[(Permission, Reach, Scope)],
) -> Vec<(Permission, Reach)> {
    let mut out: Vec<(Permission, Reach)> = these
        .iter()
        .filter(|(p, r, s)| {
            !by.iter()
                .any(|(bp, br, bs)| bp == p && br.covers(*r) && bs.encloses(*s))
        })
        .map(|(p, r, _)| (*p, *r))
        .collect();
    out.sort_by_key(|(p, r)| (p.slug(), r.code()));
    out.dedup();
    out
}
