//! Attack class: privilege escalation over accounts. An action that changes
//! a whole account (suspend, second factor, credentials) needs reach over
//! every company the account belongs to, never touches platform staff or a
//! higher rank, and what a company's admin reads of a person stays inside
//! that company. On SQLite and PostgreSQL.

use crate::common::{backends, spawn};
use imprimatur_server::db::entities::user;
use sea_orm::EntityTrait;

async fn state_of(app: &crate::common::TestApp, id: i64) -> String {
    user::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .state
}

#[tokio::test]
async fn a_tenant_admin_cannot_suspend_platform_staff_or_reset_their_second_factor() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tom = app.signed_in_browser("tom@acme.test").await;
        let junior = app.user_id("junior@imprimatur.test").await;
        let id = junior.to_string();
        let (status, body) = app
            .answer_to(
                &tom,
                "/api/change_member_state",
                &[("user_id", id.as_str()), ("suspend", "true")],
            )
            .await;
        assert_eq!(status, 403, "{backend:?} {body}");
        assert_eq!(state_of(&app, junior).await, "active");
        assert_eq!(
            app.status_of(
                &tom,
                "/api/reset_member_second_factor",
                &[("user_id", id.as_str())]
            )
            .await,
            403,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_tenant_admin_cannot_reset_the_second_factor_of_their_tenant_super_admin() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tom = app.signed_in_browser("tom@acme.test").await;
        let tina = app.user_id("tina@acme.test").await.to_string();
        for path in ["/api/reset_member_second_factor", "/api/resend_credentials"] {
            assert_eq!(
                app.status_of(&tom, path, &[("user_id", tina.as_str())])
                    .await,
                403,
                "{backend:?} {path}"
            );
        }
        let (status, _) = app
            .answer_to(
                &tom,
                "/api/change_member_state",
                &[("user_id", tina.as_str()), ("suspend", "true")],
            )
            .await;
        assert_eq!(status, 403, "{backend:?}");
        // A member of his own rank and below stays within his reach.
        let ute = app.user_id("ute@acme.test").await.to_string();
        assert_eq!(
            app.status_of(
                &tom,
                "/api/change_member_state",
                &[("user_id", ute.as_str()), ("suspend", "true")]
            )
            .await,
            200,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_public_shops_admin_cannot_suspend_a_customer_of_another_company_who_joined_it() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        assert_eq!(
            app.status_of(&cus, "/api/join_shop", &[("slug", "shoply")])
                .await,
            200,
            "{backend:?}"
        );
        let cus_id = app.user_id("cus@acme.test").await;
        let id = cus_id.to_string();
        let simon = app.signed_in_browser("simon@shoply.test").await;
        let (status, body) = app
            .answer_to(
                &simon,
                "/api/change_member_state",
                &[("user_id", id.as_str()), ("suspend", "true")],
            )
            .await;
        assert_eq!(status, 403, "{backend:?} {body}");
        assert!(
            body.to_string().contains("beyond your reach"),
            "{backend:?} {body}"
        );
        assert_eq!(state_of(&app, cus_id).await, "active");

        // What Shoply's admin reads of her stays in Shoply.
        let acme = app.company_id("acme").await;
        let (status, roles) = app
            .answer_to(&simon, "/api/member_roles", &[("user_id", id.as_str())])
            .await;
        assert_eq!(status, 200, "{backend:?} {roles}");
        let rows = roles.as_array().unwrap();
        assert!(!rows.is_empty(), "{backend:?} {roles}");
        assert!(
            !roles
                .to_string()
                .contains(&format!("\"company_id\":{acme}")),
            "{backend:?} Acme leaked: {roles}"
        );
        let listed = app
            .post_as(&simon, "/api/list_members")
            .form(&[("search", "cus@acme.test")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(listed.contains("cus@acme.test"), "{backend:?} {listed}");
        assert!(
            !listed.contains(&format!("\"company\":{acme}")),
            "{backend:?} Acme leaked in the list: {listed}"
        );
    }
}
