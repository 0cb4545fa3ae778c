//! The members list is filtered in SQL from core's visibility filter. For
//! every demo account as viewer, on every backend, the SQL answer must equal
//! checking each member with `authorize`, which the product never does.

use std::collections::BTreeSet;

use crate::common::{backends, spawn};
use imprimatur_core::{
    CompanyId, DepartmentId, Filter, Permission, Principal, Resource, ResourceKind, UserId,
    authorize, visibility,
};
use imprimatur_server::accounts::member_list as members;
use imprimatur_server::db::entities::{department, department_member, role_assignment, user};
use imprimatur_server::identity;
use sea_orm::EntityTrait;

/// Every (member, company, department) a member is seen through.
async fn tuples(db: &imprimatur_server::db::Db) -> Vec<Resource> {
    let ras = role_assignment::Entity::find().all(&db.read).await.unwrap();
    let dms = department_member::Entity::find()
        .all(&db.read)
        .await
        .unwrap();
    let depts = department::Entity::find().all(&db.read).await.unwrap();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for ra in &ras {
        if !seen.insert((ra.user_id, ra.company_id)) {
            continue;
        }
        let in_company: Vec<i64> = dms
            .iter()
            .filter(|m| m.user_id == ra.user_id)
            .filter_map(|m| {
                depts
                    .iter()
                    .find(|d| d.id == m.department_id && Some(d.company_id) == ra.company_id)
            })
            .map(|d| d.id)
            .collect();
        let departments: Vec<Option<i64>> = if in_company.is_empty() {
            vec![None]
        } else {
            in_company.into_iter().map(Some).collect()
        };
        for d in departments {
            let mut r = Resource::new(ResourceKind::User)
                .with_id(ra.user_id)
                .with_owner(UserId(ra.user_id));
            r.company = ra.company_id.map(CompanyId);
            r.department = d.map(DepartmentId);
            out.push(r);
        }
    }
    out
}

#[tokio::test]
async fn every_viewer_sees_in_sql_exactly_the_members_authorize_allows() {
    for backend in backends() {
        let app = spawn(backend).await;
        let all = tuples(&app.db).await;
        let mut checked_some = 0;
        for viewer in user::Entity::find().all(&app.db.read).await.unwrap() {
            let me = Principal::User(identity::load(&app.db, &viewer).await.unwrap().principal);
            let filter = visibility(&me, Permission::UsersView, ResourceKind::User);
            if filter == Filter::None {
                continue;
            }
            let expected: BTreeSet<i64> = all
                .iter()
                .filter(|r| authorize(&me, Permission::UsersView, r).is_allowed())
                .map(|r| r.id.unwrap())
                .collect();
            let listed: BTreeSet<i64> = members::list(&app.db, &me, &filter, "")
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect();
            assert_eq!(
                listed, expected,
                "{backend:?}: {} sees the wrong members",
                viewer.email
            );
            checked_some += 1;
        }
        assert!(
            checked_some >= 8,
            "only {checked_some} viewers may see members"
        );
    }
}

#[tokio::test]
async fn a_department_manager_sees_only_their_department_and_a_search_narrows_it() {
    for backend in backends() {
        let app = spawn(backend).await;
        app.sign_in("dora@acme.test", imprimatur_server::demo::DEMO_PASSWORD)
            .await;
        let res = app.list_members("").await;
        assert_eq!(res.status(), 200, "{backend:?}");
        let rows: Vec<serde_json::Value> = res.json().await.unwrap();
        let emails: BTreeSet<&str> = rows.iter().map(|r| r["email"].as_str().unwrap()).collect();
        assert_eq!(
            emails,
            BTreeSet::from(["cus@acme.test", "dora@acme.test", "paul@acme.test"]),
            "{backend:?}"
        );
        let res = app.list_members("PAUL").await;
        let rows: Vec<serde_json::Value> = res.json().await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["display_name"], "Paul Power-User");
        // Wildcards are searched for literally.
        let res = app.list_members("%").await;
        assert_eq!(
            res.json::<Vec<serde_json::Value>>().await.unwrap().len(),
            0,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_customer_may_not_list_members_and_a_visitor_must_sign_in() {
    for backend in backends() {
        let app = spawn(backend).await;
        let anonymous = app.list_members("").await;
        assert_eq!(anonymous.status(), 401, "{backend:?}");
        app.sign_in("cus@acme.test", imprimatur_server::demo::DEMO_PASSWORD)
            .await;
        let res = app.list_members("").await;
        assert_eq!(res.status(), 403);
        app.sign_in("carl@acme.test", imprimatur_server::demo::DEMO_PASSWORD)
            .await;
        let long = "x".repeat(201);
        let res = app
            .post("/api/list_members")
            .form(&[("search", long.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
    }
}
