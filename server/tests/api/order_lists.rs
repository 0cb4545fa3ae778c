//! Print-job lists agree with `core`, on SQLite and PostgreSQL: for every
//! demo member, the page the server returns (filtered in SQL, one indexed
//! branch per visibility conjunct) is exactly the newest orders that
//! `core::authorize` allows, plain, searched, by status, and in the
//! approval inbox (without the member's own jobs).

use std::collections::HashMap;

use crate::common::{TestApp, backends, spawn};
use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, ResourceState, UserId,
    authorize,
};
use imprimatur_server::db::entities::{order, order_approver};
use sea_orm::{ConnectionTrait, EntityTrait};

const ORDERS: usize = 600;
const PAGE: usize = 50;

/// Orders in every customer company and department, by owners in and out of
/// it, in every state; every ninth one names one or two approvers.
async fn fill(app: &TestApp) {
    let conn = app.db.writer();
    let places = app.customer_places().await;
    let people = app.everyone().await;
    let states = ResourceState::ALL;
    for i in 0..ORDERS {
        let (c, d, p) = places[i % places.len()];
        let owner = people[(i / 3) % people.len()];
        let state = states[i % states.len()].slug();
        let title = if i % 4 == 0 { "Poster" } else { "Flyer" };
        let d = d.map_or("NULL".to_string(), |d| d.to_string());
        conn.execute_unprepared(&format!(
            "INSERT INTO orders (company_id, department_id, owner_id, product_id, title, quantity, price_cents, state, payload_hash, created_at, updated_at) \
             VALUES ({c}, {d}, {owner}, {p}, '{title} {i}', 10, 100, '{state}', '', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z')"
        ))
        .await
        .unwrap();
    }
    let newest = order::Entity::find().all(&app.db.read).await.unwrap();
    for (n, o) in newest.iter().enumerate().filter(|(n, _)| n % 9 == 0) {
        let first = people[n % people.len()];
        let second = people[(n * 7 + 3) % people.len()];
        for u in [first, second] {
            conn.execute_unprepared(&format!(
                "INSERT INTO order_approvers (order_id, user_id) VALUES ({}, {u}) ON CONFLICT DO NOTHING",
                o.id
            ))
            .await
            .unwrap();
        }
    }
}

/// Every order as `core` sees it, newest first, with its title.
async fn everything(app: &TestApp) -> Vec<(i64, String, Resource)> {
    let mut approvers: HashMap<i64, Vec<UserId>> = HashMap::new();
    for a in order_approver::Entity::find()
        .all(&app.db.read)
        .await
        .unwrap()
    {
        approvers
            .entry(a.order_id)
            .or_default()
            .push(UserId(a.user_id));
    }
    let mut all = order::Entity::find().all(&app.db.read).await.unwrap();
    all.sort_by_key(|o| std::cmp::Reverse(o.id));
    all.into_iter()
        .map(|o| {
            let mut r = Resource::in_company(ResourceKind::Order, CompanyId(o.company_id))
                .with_id(o.id)
                .with_owner(UserId(o.owner_id))
                .with_state(ResourceState::from_slug(&o.state).unwrap());
            if let Some(d) = o.department_id {
                r = r.with_department(DepartmentId(d));
            }
            r.approvers = approvers.remove(&o.id).unwrap_or_default();
            (o.id, o.title, r)
        })
        .collect()
}

fn expected(
    all: &[(i64, String, Resource)],
    me: &Principal,
    permission: Permission,
    keep: impl Fn(&str, &Resource) -> bool,
) -> Vec<i64> {
    all.iter()
        .filter(|(_, title, r)| keep(title, r) && authorize(me, permission, r).is_allowed())
        .map(|(id, ..)| *id)
        .take(PAGE)
        .collect()
}

/// The ids of a list's answer, or its status when it refused.
async fn listed(
    app: &TestApp,
    b: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> Result<Vec<i64>, u16> {
    let mut full: Vec<(&str, &str)> = Vec::new();
    if path.ends_with("list_orders") {
        for field in ["query[text]", "query[state]", "query[from]", "query[to]"] {
            let given = form.iter().find(|(k, _)| *k == field).map(|(_, v)| *v);
            full.push((field, given.unwrap_or("")));
        }
    }
    let res = app.post_as(b, path).form(&full).send().await.unwrap();
    let status = res.status().as_u16();
    if status != 200 {
        return Err(status);
    }
    let v: serde_json::Value = res.json().await.unwrap();
    Ok(v.as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect())
}

/// A list to ask for: its path, the permission it shows, the form, and
/// which orders it narrows to.
type Case<'a> = (
    &'a str,
    Permission,
    Vec<(&'a str, &'a str)>,
    Box<dyn Fn(&str, &Resource) -> bool>,
);

fn allowed_at_all(me: &Principal, permission: Permission) -> bool {
    imprimatur_core::visibility(me, permission, ResourceKind::Order)
        != imprimatur_core::Filter::None
}

#[tokio::test]
async fn every_members_print_job_lists_hold_exactly_the_newest_orders_core_allows() {
    for backend in backends() {
        let app = spawn(backend).await;
        fill(&app).await;
        let all = everything(&app).await;
        let awaiting = ResourceState::AwaitingApproval;
        let mut compared = 0;
        let mut nonempty = 0;
        for (email, me) in app.demo_people().await {
            let b = app.signed_in_browser(&email).await;
            let mine = match &me {
                Principal::User(u) => Some(u.id),
                _ => None,
            };
            let cases: [Case; 4] = [
                (
                    "/api/list_orders",
                    Permission::OrdersView,
                    vec![],
                    Box::new(|_: &str, _: &Resource| true),
                ),
                (
                    "/api/list_orders",
                    Permission::OrdersSearch,
                    vec![("query[text]", "poster")],
                    Box::new(|t: &str, _: &Resource| t.to_lowercase().contains("poster")),
                ),
                (
                    "/api/list_orders",
                    Permission::OrdersSearch,
                    vec![("query[state]", awaiting.slug())],
                    Box::new(move |_: &str, r: &Resource| r.state == Some(awaiting)),
                ),
                (
                    "/api/approval_inbox",
                    Permission::OrdersApprove,
                    vec![],
                    // Separation of duties: never one's own job.
                    Box::new(move |_: &str, r: &Resource| {
                        r.state == Some(awaiting) && r.owner != mine
                    }),
                ),
            ];
            for (path, permission, form, keep) in cases {
                let got = listed(&app, &b, path, &form).await;
                if !allowed_at_all(&me, permission) {
                    assert_eq!(got, Err(403), "{backend:?} {email} {path} {form:?}");
                    continue;
                }
                let want = expected(&all, &me, permission, keep);
                assert_eq!(got, Ok(want.clone()), "{backend:?} {email} {path} {form:?}");
                compared += 1;
                nonempty += usize::from(!want.is_empty());
            }
        }
        // The comparison is not vacuous: most lists hold something.
        assert!(compared >= 40, "{backend:?}: {compared} lists compared");
        assert!(
            nonempty * 2 >= compared,
            "{backend:?}: {nonempty} of {compared}"
        );
    }
}
