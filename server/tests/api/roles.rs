//! Giving and taking away roles, on SQLite and PostgreSQL: `core` decides
//! who may, and the company's invariants hold in the same transaction,
//! even under 200 concurrent demotions.

use crate::common::{TestApp, backends, spawn};
use imprimatur_core::Role;
use imprimatur_server::db::entities::{company, role_assignment, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

async fn roles_of(app: &TestApp, b: &reqwest::Client, user_id: i64) -> serde_json::Value {
    app.post_as(b, "/api/member_roles")
        .form(&[("user_id", user_id.to_string())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn remove(app: &TestApp, b: &reqwest::Client, id: i64) -> reqwest::Response {
    app.post_as(b, "/api/remove_role")
        .form(&[("assignment_id", id.to_string())])
        .send()
        .await
        .unwrap()
}

/// The assignment ids of `role` in Acme.
async fn assignments(app: &TestApp, role: Role) -> Vec<i64> {
    let acme = app.company_id("acme").await;
    role_assignment::Entity::find()
        .filter(role_assignment::Column::CompanyId.eq(acme))
        .filter(role_assignment::Column::Role.eq(role.slug()))
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn a_tenant_admin_gives_and_takes_a_role_but_every_member_keeps_one() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tina = app.signed_in_browser("tina@acme.test").await;
        let ute = app.user_id("ute@acme.test").await;
        let acme = app.company_id("acme").await;
        let res = app
            .post_as(&tina, "/api/assign_role")
            .form(&[
                ("user_id", ute.to_string()),
                ("grant", format!("{acme}:{}", Role::TenantAdmin.slug())),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "{backend:?}: {}",
            res.text().await.unwrap()
        );
        let roles = roles_of(&app, &tina, ute).await;
        assert_eq!(roles.as_array().unwrap().len(), 2, "{roles}");
        assert!(
            roles
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["removable"] == true)
        );
        // Giving it twice is a conflict.
        let again = app
            .post_as(&tina, "/api/assign_role")
            .form(&[
                ("user_id", ute.to_string()),
                ("grant", format!("{acme}:{}", Role::TenantAdmin.slug())),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 409);
        let ids: Vec<i64> = roles
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert_eq!(remove(&app, &tina, ids[1]).await.status(), 200);
        // The last role stays.
        let res = remove(&app, &tina, ids[0]).await;
        assert_eq!(res.status(), 409, "{backend:?}");
        assert!(res.text().await.unwrap().contains("at least one role"));
        assert_eq!(app.audit_count("role.assigned", "ok").await, 1);
        assert_eq!(app.audit_count("role.removed", "ok").await, 1);
    }
}

#[tokio::test]
async fn the_last_tenant_super_admin_cannot_be_demoted_by_anyone() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tsa = assignments(&app, Role::TenantSuperAdmin).await;
        assert_eq!(tsa.len(), 1);
        // A tenant admin may not touch the super admin's role at all.
        let tom = app.signed_in_browser("tom@acme.test").await;
        assert_eq!(
            remove(&app, &tom, tsa[0]).await.status(),
            403,
            "{backend:?}"
        );
        // The platform admin may, but the invariant refuses.
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let res = remove(&app, &admin, tsa[0]).await;
        assert_eq!(res.status(), 409, "{backend:?}");
        assert!(res.text().await.unwrap().contains("Tenant Super Admin"));
        // A senior manager of another company sees nothing of Acme's members.
        let sam = app.signed_in_browser("sam@globex.test").await;
        let tina = app.user_id("tina@acme.test").await;
        let res = app
            .post_as(&sam, "/api/member_roles")
            .form(&[("user_id", tina.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(remove(&app, &sam, tsa[0]).await.status(), 403);
        assert_eq!(assignments(&app, Role::TenantSuperAdmin).await.len(), 1);
    }
}

#[tokio::test]
async fn two_hundred_concurrent_demotions_still_leave_one_active_tenant_super_admin() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await;
        for i in 0..200 {
            let u = user::ActiveModel {
                email: Set(format!("super{i}@acme.test")),
                display_name: Set(format!("Super {i}")),
                password_hash: Set(None),
                state: Set("active".into()),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(app.db.writer())
            .await
            .unwrap();
            role_assignment::ActiveModel {
                user_id: Set(u.id),
                role: Set(Role::TenantSuperAdmin.slug().into()),
                company_id: Set(Some(acme)),
                department_id: Set(None),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(app.db.writer())
            .await
            .unwrap();
            // Each keeps another role, so only the super admin rule is in play.
            role_assignment::ActiveModel {
                user_id: Set(u.id),
                role: Set(Role::TenantUser.slug().into()),
                company_id: Set(Some(acme)),
                department_id: Set(None),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(app.db.writer())
            .await
            .unwrap();
        }
        let all = assignments(&app, Role::TenantSuperAdmin).await;
        assert_eq!(all.len(), 201);
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let calls = all.iter().map(|id| {
            let admin = admin.clone();
            let app = &app;
            async move { remove(app, &admin, *id).await.status().as_u16() }
        });
        let statuses = futures::future::join_all(calls).await;
        let ok = statuses.iter().filter(|s| **s == 200).count();
        let refused = statuses.iter().filter(|s| **s == 409).count();
        assert_eq!((ok, refused), (200, 1), "{backend:?}: {statuses:?}");
        let left = role_assignment::Entity::find()
            .filter(role_assignment::Column::CompanyId.eq(acme))
            .filter(role_assignment::Column::Role.eq(Role::TenantSuperAdmin.slug()))
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(left, 1, "{backend:?}");
    }
}

async fn add_department(
    app: &TestApp,
    b: &reqwest::Client,
    company: i64,
    name: &str,
) -> reqwest::Response {
    app.post_as(b, "/api/create_department")
        .form(&[
            ("company_id", company.to_string()),
            ("name", name.to_string()),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_company_manager_adds_a_department_which_invitations_then_offer() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let res = add_department(&app, &carl, acme, "Print Room").await;
        assert_eq!(
            res.status(),
            200,
            "{backend:?}: {}",
            res.text().await.unwrap()
        );
        assert_eq!(
            add_department(&app, &carl, acme, "print room")
                .await
                .status(),
            409
        );
        assert_eq!(add_department(&app, &carl, acme, "  ").await.status(), 422);
        let listed = app.json_from(&carl, "/api/department_companies").await;
        assert_eq!(
            listed[0]["departments"],
            serde_json::json!(["Design", "Marketing", "Print Room", "Sales"])
        );
        let places = app.json_from(&carl, "/api/invite_places").await;
        assert!(
            places
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["label"] == "Acme Print Buyers / Print Room"),
            "{places}"
        );
        // Not in another company, not as a customer, and a missing company is a 404 for staff.
        let globex = company::Entity::find()
            .filter(company::Column::Slug.eq("globex"))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(
            add_department(&app, &carl, globex, "Annex").await.status(),
            403
        );
        let cus = app.signed_in_browser("cus@acme.test").await;
        assert_eq!(
            add_department(&app, &cus, acme, "Annex").await.status(),
            403
        );
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        assert_eq!(
            add_department(&app, &admin, 999_999, "Annex")
                .await
                .status(),
            404
        );
        assert_eq!(app.audit_count("department.created", "ok").await, 1);
    }
}
