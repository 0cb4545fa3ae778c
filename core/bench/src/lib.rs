//! The decisions the benchmark times, each built once for `core` and once
//! for Cedar with an equivalent policy set, and checked to agree.

use std::str::FromStr;

use cedar_policy::{Authorizer, Context, Entities, EntityUid, PolicySet, Request};
use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, Role, Scope, UserId,
    UserPrincipal, authorize,
};
use serde_json::json;

/// PrintShop Mail Web's approval rules, and PrintJob's Senior Manager, in Cedar.
/// Assignments are records {role, company, department}; company-wide ones
/// carry department 0.
pub const POLICIES: &str = r#"
// Customer Plus and every role above it approve their own jobs.
permit(principal, action == Action::"orders.approve", resource)
when {
  resource.owner == principal &&
  principal.assignments.containsAny([
    {role: "customer_plus", company: resource.company, department: 0},
    {role: "power_user", company: resource.company, department: 0},
    {role: "power_user", company: resource.company, department: resource.department},
    {role: "storefront_department_manager", company: resource.company, department: resource.department},
    {role: "company_manager", company: resource.company, department: 0}
  ])
};
// Power User (company-wide): jobs of the departments they belong to.
permit(principal, action == Action::"orders.approve", resource)
when {
  principal.assignments.contains({role: "power_user", company: resource.company, department: 0}) &&
  principal.departments.contains(resource.department)
};
// Power User or Department Manager held in a department: that department.
permit(principal, action == Action::"orders.approve", resource)
when {
  principal.assignments.containsAny([
    {role: "power_user", company: resource.company, department: resource.department},
    {role: "storefront_department_manager", company: resource.company, department: resource.department}
  ])
};
// Company Manager and Senior Manager: the whole company.
permit(principal, action == Action::"orders.approve", resource)
when {
  principal.assignments.containsAny([
    {role: "company_manager", company: resource.company, department: 0},
    {role: "senior_manager", company: resource.company, department: 0}
  ])
};
"#;

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

fn uid(text: &str) -> Result<EntityUid, String> {
    EntityUid::from_str(text).map_err(|e| e.to_string())
}

/// The principal and resource as Cedar entities.
fn cedar(
    user: &UserPrincipal,
    resource: &Resource,
    action: Permission,
) -> Result<(Request, Entities), String> {
    let assignments: Vec<_> = user
        .assignments
        .iter()
        .filter_map(|a| {
            let imprimatur_core::RoleRef::Builtin(role) = a.role else {
                return None;
            };
            let (company, department) = match a.scope {
                Scope::Company(c) => (c.0, 0),
                Scope::Department(c, d) => (c.0, d.0),
                _ => return None,
            };
            Some(json!({"role": role.slug(), "company": company, "department": department}))
        })
        .collect();
    let departments: Vec<i64> = user.departments.iter().map(|d| d.0).collect();
    let owner = resource.owner.map(|o| o.0).unwrap_or(0);
    let mut entities = vec![json!({"uid": {"type": "User", "id": user.id.0.to_string()},
         "attrs": {"assignments": assignments, "departments": departments}, "parents": []})];
    if owner != user.id.0 {
        entities.push(json!({"uid": {"type": "User", "id": owner.to_string()},
            "attrs": {"assignments": [], "departments": []}, "parents": []}));
    }
    entities.push(json!(
        {"uid": {"type": "Order", "id": "7"},
         "attrs": {
            "owner": {"__entity": {"type": "User", "id": owner.to_string()}},
            "company": resource.company.map(|c| c.0).unwrap_or(0),
            "department": resource.department.map(|d| d.0).unwrap_or(0)
         }, "parents": []}));
    let entities = Entities::from_json_value(json!(entities), None).map_err(|e| e.to_string())?;
    let request = Request::new(
        uid(&format!("User::\"{}\"", user.id.0))?,
        uid(&format!("Action::\"{}\"", action.slug()))?,
        uid("Order::\"7\"")?,
        Context::empty(),
        None,
    )
    .map_err(|e| e.to_string())?;
    Ok((request, entities))
}

fn case(
    name: &'static str,
    user: UserPrincipal,
    action: Permission,
    resource: Resource,
    expected: bool,
) -> Result<Case, String> {
    let (cedar_request, cedar_entities) = cedar(&user, &resource, action)?;
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

pub fn policies() -> Result<PolicySet, String> {
    PolicySet::from_str(POLICIES).map_err(|e| e.to_string())
}

/// Both engines must give the expected answer, or the timings mean nothing.
pub fn check(cases: &[Case], policies: &PolicySet) -> Result<(), String> {
    let authorizer = Authorizer::new();
    for c in cases {
        let ours = authorize(&c.principal, c.action, &c.resource).is_allowed();
        let theirs = authorizer
            .is_authorized(&c.cedar_request, policies, &c.cedar_entities)
            .decision()
            == cedar_policy::Decision::Allow;
        if ours != c.expected || theirs != c.expected {
            return Err(format!(
                "{}: core {ours}, cedar {theirs}, expected {}",
                c.name, c.expected
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_and_cedar_agree_on_every_benchmarked_decision() {
        let cases = cases().unwrap();
        check(&cases, &policies().unwrap()).unwrap();
    }
}
