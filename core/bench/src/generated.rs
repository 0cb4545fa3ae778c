//! A broader set than the timed one: every person with one or two of the
//! roles the Cedar policy set knows, placed in up to two departments, asked
//! about jobs in and out of their companies, departments and states.

use cedar_policy::{Authorizer, PolicySet};
use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, ResourceState, Role,
    Scope, UserId, UserPrincipal, authorize,
};

use crate::cedar;

/// The roles `cedar::POLICIES` speaks of, and two that approve nothing.
const ROLES: [Role; 9] = [
    Role::PublicCustomer,
    Role::Customer,
    Role::CustomerPlus,
    Role::PowerUser,
    Role::StorefrontDepartmentManager,
    Role::CompanyManager,
    Role::ClientUser,
    Role::CorporateDepartmentManager,
    Role::SeniorManager,
];

const SCOPES: [Scope; 5] = [
    Scope::Company(CompanyId(1)),
    Scope::Company(CompanyId(2)),
    Scope::Department(CompanyId(1), DepartmentId(10)),
    Scope::Department(CompanyId(1), DepartmentId(11)),
    Scope::Department(CompanyId(2), DepartmentId(10)),
];

/// Every role at every scope it may be held at.
fn assignments() -> Vec<(Role, Scope)> {
    ROLES
        .iter()
        .flat_map(|r| SCOPES.iter().map(move |s| (*r, *s)))
        .filter(|(r, s)| r.def().scopes.contains(&s.kind()))
        .collect()
}

fn person(held: &[(Role, Scope)], departments: &[i64]) -> UserPrincipal {
    let mut u = UserPrincipal::active(UserId(100));
    for d in departments {
        u = u.in_department(DepartmentId(*d));
    }
    for (role, scope) in held {
        u = u.with(*role, *scope);
    }
    u
}

/// Each single assignment with the person in no department, in 10, and in
/// 10 and 11; each pair of them with the person in 10.
pub fn principals() -> Vec<UserPrincipal> {
    let singles = assignments();
    let mut out = Vec::new();
    for a in &singles {
        for departments in [&[][..], &[10], &[10, 11]] {
            out.push(person(&[*a], departments));
        }
    }
    for (i, a) in singles.iter().enumerate() {
        for b in &singles[i + 1..] {
            out.push(person(&[*a, *b], &[10]));
        }
    }
    out
}

/// Jobs of companies 1 and 2, in department 10, 11 or none, the person's own
/// or a colleague's, awaiting approval or approved (the timed decisions
/// cover jobs without a state).
pub fn jobs() -> Vec<Resource> {
    let mut out = Vec::new();
    let mut id = 0;
    for company in [1, 2] {
        for department in [None, Some(10), Some(11)] {
            for owner in [100, 101] {
                for state in [ResourceState::AwaitingApproval, ResourceState::Approved] {
                    id += 1;
                    let mut r = Resource::in_company(ResourceKind::Order, CompanyId(company))
                        .with_owner(UserId(owner))
                        .with_id(id);
                    if let Some(d) = department {
                        r = r.with_department(DepartmentId(d));
                    }
                    out.push(r.with_state(state));
                }
            }
        }
    }
    out
}

pub fn describe(user: &UserPrincipal, job: &Resource) -> String {
    let held: Vec<String> = user
        .assignments
        .iter()
        .map(|a| format!("{} at {:?}", a.role.slug(), a.scope))
        .collect();
    format!(
        "user {} holding [{}] in departments {:?}, job {:?} of company {:?}, department {:?}, owner {:?}, state {:?}",
        user.id.0,
        held.join(", "),
        user.departments.iter().map(|d| d.0).collect::<Vec<_>>(),
        job.id,
        job.company.map(|c| c.0),
        job.department.map(|d| d.0),
        job.owner.map(|o| o.0),
        job.state,
    )
}

/// Core and Cedar on every generated person and job; the error names the
/// first decision they differ on. Returns how many decisions were compared.
pub fn check_generated(policies: &PolicySet) -> Result<usize, String> {
    let authorizer = Authorizer::new();
    let action = Permission::OrdersApprove;
    let jobs = jobs();
    let mut compared = 0;
    for user in principals() {
        let (entities, requests) = cedar::encode(&user, action, &jobs)?;
        let principal = Principal::User(user.clone());
        for (job, request) in jobs.iter().zip(&requests) {
            let ours = authorize(&principal, action, job).is_allowed();
            let theirs = cedar::allows(&authorizer, request, policies, &entities);
            if ours != theirs {
                return Err(format!(
                    "{}: core {ours}, cedar {theirs}",
                    describe(&user, job)
                ));
            }
            compared += 1;
        }
    }
    Ok(compared)
}
