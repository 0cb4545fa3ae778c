//! The single decisions the benchmark times, each ready for both engines.

use cedar_policy::{Authorizer, Entities, PolicySet, Request};
use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, Role, Scope, UserId,
    UserPrincipal, authorize,
};

use crate::cedar;

/// One decision, ready for both engines.
pub struct Case {
    pub name: &'static str,
    pub principal: Principal,
    pub action: Permission,
    pub resource: Resource,
    pub cedar_request: Request,
    pub cedar_entities: Entities,
    pub expected: bool,
}

fn order(company: i64, department: i64, owner: i64) -> Resource {
    Resource::in_company(ResourceKind::Order, CompanyId(company))
        .with_department(DepartmentId(department))
        .with_owner(UserId(owner))
        .with_id(7)
}

fn case(
    name: &'static str,
    user: UserPrincipal,
    action: Permission,
    resource: Resource,
    expected: bool,
) -> Result<Case, String> {
    let (cedar_entities, requests) = cedar::encode(&user, action, std::slice::from_ref(&resource))?;
    let cedar_request = requests
        .into_iter()
        .next()
        .ok_or_else(|| format!("{name}: no Cedar request"))?;
    Ok(Case {
        name,
        principal: Principal::User(user),
        action,
        resource,
        cedar_request,
        cedar_entities,
        expected,
    })
}

/// A user holding `n` assignments across `n` companies; the one that matters is last.
pub fn many_assignments(n: i64) -> UserPrincipal {
    let mut u = UserPrincipal::active(UserId(100)).in_department(DepartmentId(10));
    for c in 1..n {
        u = u.with(Role::Customer, Scope::Company(CompanyId(1000 + c)));
    }
    u.with(Role::PowerUser, Scope::Company(CompanyId(1)))
}

/// The benchmarked decisions.
pub fn cases() -> Result<Vec<Case>, String> {
    let power_user = UserPrincipal::active(UserId(100))
        .in_department(DepartmentId(10))
        .with(Role::PowerUser, Scope::Company(CompanyId(1)));
    let customer =
        UserPrincipal::active(UserId(100)).with(Role::Customer, Scope::Company(CompanyId(1)));
    let senior =
        UserPrincipal::active(UserId(100)).with(Role::SeniorManager, Scope::Company(CompanyId(1)));
    Ok(vec![
        case(
            "power user approves a colleague's job (allow)",
            power_user.clone(),
            Permission::OrdersApprove,
            order(1, 10, 101),
            true,
        )?,
        case(
            "power user, other department (deny)",
            power_user,
            Permission::OrdersApprove,
            order(1, 11, 101),
            false,
        )?,
        case(
            "customer approves own job (deny)",
            customer,
            Permission::OrdersApprove,
            order(1, 10, 100),
            false,
        )?,
        case(
            "senior manager approves in company (allow)",
            senior,
            Permission::OrdersApprove,
            order(1, 11, 101),
            true,
        )?,
        case(
            "50 assignments, allowed by the last (allow)",
            many_assignments(50),
            Permission::OrdersApprove,
            order(1, 10, 101),
            true,
        )?,
        case(
            "50 assignments, none applies (deny)",
            many_assignments(50),
            Permission::OrdersApprove,
            order(2, 10, 101),
            false,
        )?,
    ])
}

/// Both engines must give the expected answer, or the timings mean nothing.
/// The error names the first case where one does not.
pub fn check(cases: &[Case], policies: &PolicySet) -> Result<(), String> {
    let authorizer = Authorizer::new();
    for c in cases {
        let ours = authorize(&c.principal, c.action, &c.resource).is_allowed();
        let theirs = cedar::allows(&authorizer, &c.cedar_request, policies, &c.cedar_entities);
        if ours != c.expected || theirs != c.expected {
            return Err(format!(
                "{}: core {ours}, cedar {theirs}, expected {}",
                c.name, c.expected
            ));
        }
    }
    Ok(())
}
