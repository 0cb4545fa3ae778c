//! The access checker, on SQLite and PostgreSQL: `core`'s answer and
//! reason about a member, with places named, for those who may check.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{company, role_assignment};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

async fn check(
    app: &TestApp,
    b: &reqwest::Client,
    user_id: i64,
    permission: &str,
    own: bool,
) -> (u16, serde_json::Value) {
    let res = app
        .post_as(b, "/api/check_access")
        .form(&[
            ("user_id", user_id.to_string()),
            ("permission", permission.to_string()),
            ("own", own.to_string()),
        ])
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_tenant_admin_sees_why_a_power_user_may_approve_in_their_department() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tina = app.signed_in_browser("tina@acme.test").await;
        let paul = app.user_id("paul@acme.test").await;
        let (status, report) = check(&app, &tina, paul, "orders.approve", false).await;
        assert_eq!(status, 200, "{backend:?}: {report}");
        assert_eq!(report["allowed"], true, "{report}");
        assert_eq!(
            report["reason"],
            "Allowed by Power User in Acme Print Buyers / Sales (in their department).",
            "{report}"
        );
        let effective = report["effective"].as_array().unwrap();
        assert!(
            effective
                .iter()
                .any(|e| e[2] == "Power User in Acme Print Buyers / Sales")
        );
        let cus = app.user_id("cus@acme.test").await;
        let (_, report) = check(&app, &tina, cus, "orders.approve", false).await;
        assert_eq!(report["allowed"], false);
        assert!(
            report["reason"].as_str().unwrap().starts_with("Denied"),
            "{report}"
        );
        // Bad input, and those who may not check: a role without the right
        // is refused before anything about the member is read (403); a
        // checker from another company learns nothing of the member (404).
        assert_eq!(check(&app, &tina, paul, "orders.fly", false).await.0, 422);
        let customer = app.signed_in_browser("cus@acme.test").await;
        assert_eq!(
            check(&app, &customer, paul, "orders.approve", false)
                .await
                .0,
            403
        );
        let sam = app.signed_in_browser("sam@globex.test").await;
        assert_eq!(
            check(&app, &sam, paul, "orders.approve", false).await.0,
            403
        );
        // A tenant admin of Globex may check, but not Acme's members.
        let dan = app.user_id("dan@globex.test").await;
        let globex = company::Entity::find()
            .filter(company::Column::Slug.eq("globex"))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap()
            .id;
        role_assignment::ActiveModel {
            user_id: Set(dan),
            role: Set(imprimatur_core::Role::TenantAdmin.slug().into()),
            company_id: Set(Some(globex)),
            department_id: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(app.db.writer())
        .await
        .unwrap();
        let dan_browser = app.signed_in_browser("dan@globex.test").await;
        assert_eq!(
            check(&app, &dan_browser, paul, "orders.approve", false)
                .await
                .0,
            404
        );
        let (status, _) = check(&app, &dan_browser, dan, "orders.approve", false).await;
        assert_eq!(status, 200, "their own company's member");
    }
}
