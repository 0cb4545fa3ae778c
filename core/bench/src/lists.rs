//! Lists: which of N loaded print jobs may a person approve? Answered three
//! ways, each doing the whole job on the same rows: core's visibility filter
//! built and applied to every row, core's `authorize` on each row, and
//! Cedar on each row.

use cedar_policy::{Authorizer, Entities, PolicySet, Request};
use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, ResourceState, Role,
    Scope, UserId, UserPrincipal, authorize, visibility,
};

use crate::{cedar, generated::describe, many_assignments};

/// How many jobs each list question runs over.
pub const ROWS: i64 = 10_000;

const ACTION: Permission = Permission::OrdersApprove;

/// One person's list question, ready for both engines.
pub struct List {
    pub name: &'static str,
    pub user: UserPrincipal,
    pub principal: Principal,
    pub rows: Vec<Resource>,
    pub cedar_entities: Entities,
    /// One request a row, in the order of `rows`.
    pub cedar_requests: Vec<Request>,
}

/// `n` jobs across three companies, five departments and none, seven owners,
/// three in four awaiting approval, the rest approved.
pub fn order_rows(n: i64) -> Vec<Resource> {
    (0..n)
        .map(|i| {
            let mut r = Resource::in_company(ResourceKind::Order, CompanyId(1 + i % 3))
                .with_owner(UserId(100 + i % 7))
                .with_id(i + 1)
                .with_state(if (i / 18) % 4 == 3 {
                    ResourceState::Approved
                } else {
                    ResourceState::AwaitingApproval
                });
            let department = (i / 3) % 6;
            if department > 0 {
                r = r.with_department(DepartmentId(9 + department));
            }
            r
        })
        .collect()
}

/// Department Manager of departments 10 and 11 of company 1.
pub fn department_manager() -> UserPrincipal {
    UserPrincipal::active(UserId(100))
        .with(
            Role::StorefrontDepartmentManager,
            Scope::Department(CompanyId(1), DepartmentId(10)),
        )
        .with(
            Role::StorefrontDepartmentManager,
            Scope::Department(CompanyId(1), DepartmentId(11)),
        )
}

impl List {
    /// Rows need distinct ids (Cedar's entities are named by them).
    pub fn new(
        name: &'static str,
        user: UserPrincipal,
        rows: Vec<Resource>,
    ) -> Result<List, String> {
        let (cedar_entities, cedar_requests) = cedar::encode(&user, ACTION, &rows)?;
        Ok(List {
            name,
            principal: Principal::User(user.clone()),
            user,
            rows,
            cedar_entities,
            cedar_requests,
        })
    }
}

/// The benchmarked list questions, each over the same `ROWS` jobs.
pub fn lists() -> Result<Vec<List>, String> {
    let rows = order_rows(ROWS);
    Ok(vec![
        List::new(
            "jobs a department manager may approve, of 10,000",
            department_manager(),
            rows.clone(),
        )?,
        List::new(
            "jobs a person with 50 assignments may approve, of 10,000",
            many_assignments(50),
            rows,
        )?,
    ])
}

/// Core's way: one filter for the person, then a match on each row.
pub fn by_filter(principal: &Principal, rows: &[Resource]) -> Vec<i64> {
    let filter = visibility(principal, ACTION, ResourceKind::Order);
    rows.iter()
        .filter(|r| filter.matches(r))
        .filter_map(|r| r.id)
        .collect()
}

/// A full decision on each row.
pub fn by_authorize(principal: &Principal, rows: &[Resource]) -> Vec<i64> {
    rows.iter()
        .filter(|r| authorize(principal, ACTION, r).is_allowed())
        .filter_map(|r| r.id)
        .collect()
}

/// A Cedar decision on each row.
pub fn by_cedar(authorizer: &Authorizer, policies: &PolicySet, list: &List) -> Vec<i64> {
    list.rows
        .iter()
        .zip(&list.cedar_requests)
        .filter(|(_, q)| cedar::allows(authorizer, q, policies, &list.cedar_entities))
        .filter_map(|(r, _)| r.id)
        .collect()
}

/// The three ways must return the same rows, and neither none nor all of
/// them, or the timings mean nothing. The error names the first row they
/// differ on. Returns how many rows are visible.
pub fn check_list(list: &List, policies: &PolicySet) -> Result<usize, String> {
    let authorizer = Authorizer::new();
    let filtered = by_filter(&list.principal, &list.rows);
    if filtered == by_authorize(&list.principal, &list.rows)
        && filtered == by_cedar(&authorizer, policies, list)
    {
        if filtered.is_empty() || filtered.len() == list.rows.len() {
            return Err(format!(
                "{}: {} of {} rows visible; the list must show some rows and hide others",
                list.name,
                filtered.len(),
                list.rows.len()
            ));
        }
        return Ok(filtered.len());
    }
    let filter = visibility(&list.principal, ACTION, ResourceKind::Order);
    for (row, request) in list.rows.iter().zip(&list.cedar_requests) {
        let by_filter = filter.matches(row);
        let by_authorize = authorize(&list.principal, ACTION, row).is_allowed();
        let by_cedar = cedar::allows(&authorizer, request, policies, &list.cedar_entities);
        if by_filter != by_authorize || by_authorize != by_cedar {
            return Err(format!(
                "{}: {}: filter {by_filter}, core authorize {by_authorize}, cedar {by_cedar}",
                list.name,
                describe(&list.user, row)
            ));
        }
    }
    Err(format!("{}: the visible rows differ", list.name))
}
