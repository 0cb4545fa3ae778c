//! The approval rules in Cedar, and people and print jobs as Cedar entities.

use std::collections::BTreeSet;
use std::str::FromStr;

use cedar_policy::{Authorizer, Context, Entities, EntityUid, PolicySet, Request};
use imprimatur_core::{Permission, Resource, RoleRef, Scope, UserPrincipal};
use serde_json::{Value, json};

/// PrintShop Mail Web's approval rules, and PrintJob's managers, in Cedar.
/// A person carries each assignment twice: as {role, company, department}
/// (company-wide ones with department 0), for rules bound to where a role is
/// held, and as {role, company}, for rules that only ask for the company.
/// A job outside any department, or without a state, carries 0 or "".
pub const POLICIES: &str = r#"
// Only a job that waits for approval can be approved.
forbid(principal, action == Action::"orders.approve", resource)
unless { resource.state == "" || resource.state == "awaiting_approval" };
// Customer Plus and every role above it approve their own jobs in the company.
permit(principal, action == Action::"orders.approve", resource)
when {
  resource.owner == principal &&
  principal.roles.containsAny([
    {role: "public_customer", company: resource.company},
    {role: "customer_plus", company: resource.company},
    {role: "power_user", company: resource.company},
    {role: "storefront_department_manager", company: resource.company},
    {role: "company_manager", company: resource.company}
  ])
};
// Power User (company-wide): jobs of the departments they belong to.
permit(principal, action == Action::"orders.approve", resource)
when {
  principal.assignments.contains({role: "power_user", company: resource.company, department: 0}) &&
  principal.departments.contains(resource.department)
};
// A role held in a department: that department.
permit(principal, action == Action::"orders.approve", resource)
when {
  principal.assignments.containsAny([
    {role: "power_user", company: resource.company, department: resource.department},
    {role: "storefront_department_manager", company: resource.company, department: resource.department},
    {role: "corporate_department_manager", company: resource.company, department: resource.department}
  ])
};
// Power Users and Department Managers: jobs outside any department.
permit(principal, action == Action::"orders.approve", resource)
when {
  resource.department == 0 &&
  principal.roles.containsAny([
    {role: "power_user", company: resource.company},
    {role: "storefront_department_manager", company: resource.company}
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

pub fn policies() -> Result<PolicySet, String> {
    PolicySet::from_str(POLICIES).map_err(|e| e.to_string())
}

fn uid(text: &str) -> Result<EntityUid, String> {
    EntityUid::from_str(text).map_err(|e| e.to_string())
}

fn user_entity(user: &UserPrincipal) -> Value {
    let mut assignments = Vec::new();
    let mut roles = Vec::new();
    for a in &user.assignments {
        let RoleRef::Builtin(role) = a.role else {
            continue;
        };
        let (company, department) = match a.scope {
            Scope::Company(c) => (c.0, 0),
            Scope::Department(c, d) => (c.0, d.0),
            _ => continue,
        };
        assignments
            .push(json!({"role": role.slug(), "company": company, "department": department}));
        roles.push(json!({"role": role.slug(), "company": company}));
    }
    let departments: Vec<i64> = user.departments.iter().map(|d| d.0).collect();
    json!({"uid": {"type": "User", "id": user.id.0.to_string()},
           "attrs": {"assignments": assignments, "roles": roles, "departments": departments},
           "parents": []})
}

fn order_entity(resource: &Resource) -> Value {
    json!({"uid": {"type": "Order", "id": resource.id.unwrap_or(0).to_string()},
           "attrs": {
              "owner": {"__entity": {"type": "User", "id": resource.owner.map_or(0, |o| o.0).to_string()}},
              "company": resource.company.map_or(0, |c| c.0),
              "department": resource.department.map_or(0, |d| d.0),
              "state": resource.state.map_or("", |s| s.slug())
           },
           "parents": []})
}

/// What Cedar needs to answer `user`'s `action` on each of `resources`:
/// one entity store holding the person, the owners and every job, and one
/// request a job, in the order of `resources`. Jobs need distinct ids.
pub fn encode(
    user: &UserPrincipal,
    action: Permission,
    resources: &[Resource],
) -> Result<(Entities, Vec<Request>), String> {
    let owners: BTreeSet<i64> = resources
        .iter()
        .map(|r| r.owner.map_or(0, |o| o.0))
        .filter(|o| *o != user.id.0)
        .collect();
    let mut entities = vec![user_entity(user)];
    entities.extend(owners.into_iter().map(|o| {
        json!({"uid": {"type": "User", "id": o.to_string()},
               "attrs": {"assignments": [], "roles": [], "departments": []}, "parents": []})
    }));
    entities.extend(resources.iter().map(order_entity));
    let entities = Entities::from_json_value(json!(entities), None).map_err(|e| e.to_string())?;
    let principal = uid(&format!("User::\"{}\"", user.id.0))?;
    let action = uid(&format!("Action::\"{}\"", action.slug()))?;
    let requests = resources
        .iter()
        .map(|r| {
            Request::new(
                principal.clone(),
                action.clone(),
                uid(&format!("Order::\"{}\"", r.id.unwrap_or(0)))?,
                Context::empty(),
                None,
            )
            .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((entities, requests))
}

pub fn allows(
    authorizer: &Authorizer,
    request: &Request,
    policies: &PolicySet,
    entities: &Entities,
) -> bool {
    authorizer
        .is_authorized(request, policies, entities)
        .decision()
        == cedar_policy::Decision::Allow
}
