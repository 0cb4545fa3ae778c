//! "Login as" (PrintJob Admin) over HTTP, on SQLite and PostgreSQL.

use crate::common::{TestApp, backends, spawn};

async fn start(
    app: &TestApp,
    b: &reqwest::Client,
    user_id: i64,
    reason: &str,
) -> reqwest::Response {
    app.post_as(b, "/api/start_impersonation")
        .form(&[
            ("user_id", user_id.to_string()),
            ("reason", reason.to_string()),
        ])
        .send()
        .await
        .unwrap()
}

async fn whoami(app: &TestApp, b: &reqwest::Client) -> serde_json::Value {
    app.post_as(b, "/api/current_user")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_acts_as_a_member_with_a_reason_and_every_record_names_both() {
    for backend in backends() {
        let app = spawn(backend).await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let cus = app.user_id("cus@acme.test").await;
        let res = start(&app, &admin, cus, "Ticket 4711: cannot see her jobs").await;
        assert!(
            res.status().is_success(),
            "{backend:?}: {}",
            res.text().await.unwrap()
        );
        let me = whoami(&app, &admin).await;
        assert_eq!(me["email"], "cus@acme.test");
        assert!(
            me["impersonated_by"]
                .as_str()
                .unwrap()
                .contains("admin@imprimatur.test")
        );

        // Acting as the customer, the admin has the customer's rights only,
        // and the refusal names both of them.
        let res = app
            .post_as(&admin, "/api/list_members")
            .form(&[("search", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        use imprimatur_server::db::entities::audit_event;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let denied = audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq("authorization"))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let admin_id = app.user_id("admin@imprimatur.test").await;
        assert_eq!(denied.actor_id, Some(cus));
        assert_eq!(denied.real_actor_id, Some(admin_id), "{backend:?}");

        // Nested "login as" is refused.
        let paul = app.user_id("paul@acme.test").await;
        assert_eq!(start(&app, &admin, paul, "again").await.status(), 403);

        // Back to the admin's own account.
        let res = app
            .post_as(&admin, "/api/stop_impersonation")
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        assert_eq!(whoami(&app, &admin).await["email"], "admin@imprimatur.test");
        assert_eq!(app.audit_count("impersonation.start", "ok").await, 1);
        assert_eq!(app.audit_count("impersonation.stop", "ok").await, 1);

        // The customer sees that it happened, and why.
        let customer = app.signed_in_browser("cus@acme.test").await;
        let seen: serde_json::Value = app.json_from(&customer, "/api/my_impersonations").await;
        assert_eq!(seen[0]["reason"], "Ticket 4711: cannot see her jobs");
        assert!(
            seen[0]["by"]
                .as_str()
                .unwrap()
                .contains("admin@imprimatur.test")
        );
    }
}

#[tokio::test]
async fn login_as_needs_a_reason_a_platform_admin_and_a_lower_target() {
    for backend in backends() {
        let app = spawn(backend).await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let cus = app.user_id("cus@acme.test").await;
        assert_eq!(
            start(&app, &admin, cus, "   ").await.status(),
            422,
            "{backend:?}"
        );
        assert_eq!(start(&app, &admin, 999_999, "x").await.status(), 404);
        // A tenant's top admin cannot.
        let tina = app.signed_in_browser("tina@acme.test").await;
        assert_eq!(start(&app, &tina, cus, "curious").await.status(), 403);
        // Nor an admin as another admin.
        let passwords = imprimatur_server::auth::password::Passwords::new(1);
        let other = imprimatur_server::demo::create_admin(
            &app.db,
            &passwords,
            "second@imprimatur.test",
            "Second Admin",
            "a long admin passphrase",
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(start(&app, &admin, other, "curious").await.status(), 403);
        // Stopping when not acting as anyone is a conflict.
        let res = app
            .post_as(&admin, "/api/stop_impersonation")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        assert_eq!(whoami(&app, &admin).await["email"], "admin@imprimatur.test");
    }
}
