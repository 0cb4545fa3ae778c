//! The HTTP surface: CSRF, no state change over GET, health, 404, the CLI's demo.

use crate::common::{backends, spawn, spawn_with};
use imprimatur_server::db::entities::user;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let form = [
            ("email", "cus@acme.test"),
            ("password", imprimatur_server::demo::DEMO_PASSWORD),
        ];
        let evil = app
            .client
            .post(app.url("/api/sign_in"))
            .header("origin", "http://evil.test")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(evil.status(), 403, "{backend:?}");
        let body: serde_json::Value = evil.json().await.unwrap();
        assert!(
            body["Forbidden"]
                .as_str()
                .unwrap()
                .contains("portal's own pages"),
            "{body}"
        );
        let cross = app
            .client
            .post(app.url("/api/sign_in"))
            .header("sec-fetch-site", "cross-site")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), 403);
        let bare = app
            .client
            .post(app.url("/api/sign_in"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(bare.status(), 403, "no Origin and no Sec-Fetch-Site");
        assert_eq!(app.sessions().await, 0);
        let same = app
            .client
            .post(app.url("/api/sign_in"))
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(same.status().is_success());
    }
}

#[tokio::test]
async fn a_get_on_a_server_function_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        app.post("/api/sign_in")
            .form(&[
                ("email", "cus@acme.test"),
                ("password", imprimatur_server::demo::DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        let get = app
            .client
            .get(app.url("/api/sign_out"))
            .send()
            .await
            .unwrap();
        assert!(!get.status().is_success(), "{backend:?}: {}", get.status());
        assert_eq!(app.sessions().await, 1);
    }
}

#[tokio::test]
async fn the_health_check_reports_the_database() {
    for backend in backends() {
        let app = spawn_with(backend, false).await;
        let res = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.json::<serde_json::Value>().await.unwrap()["status"],
            "ok"
        );
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let app = spawn_with(crate::common::Backend::Sqlite, false).await;
    let res = app
        .client
        .get(app.url("/no/such/page"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn the_demo_loads_once_with_its_accounts_active_and_one_member_to_order_for() {
    for backend in backends() {
        let app = spawn(backend).await;
        let n = user::Entity::find().count(&app.db.read).await.unwrap();
        // The sign-in accounts, and the inactive member managers order for.
        assert_eq!(n as usize, imprimatur_server::demo::accounts().count() + 1);
        let states: Vec<String> = user::Entity::find()
            .all(&app.db.read)
            .await
            .unwrap()
            .into_iter()
            .filter(|u| u.state != "active")
            .map(|u| format!("{} {}", u.email, u.state))
            .collect();
        assert_eq!(states, ["ian@globex.test inactive"]);
        let passwords = imprimatur_server::auth::password::Passwords::new(1);
        let storage = imprimatur_server::storage::LocalStorage::new(app.config.storage.dir.clone());
        let again = imprimatur_server::demo::load_if_empty(&app.db, &passwords, &storage)
            .await
            .unwrap();
        assert!(matches!(
            again,
            imprimatur_server::demo::Loaded::AlreadyHasData
        ));
        assert_eq!(user::Entity::find().count(&app.db.read).await.unwrap(), n);
    }
}

#[tokio::test]
async fn create_admin_refuses_a_taken_address_and_a_short_password() {
    for backend in backends() {
        let app = spawn(backend).await;
        let p = imprimatur_server::auth::password::Passwords::new(1);
        let taken = imprimatur_server::demo::create_admin(
            &app.db,
            &p,
            "ADMIN@imprimatur.test",
            "Again",
            "a long enough password",
        )
        .await
        .unwrap();
        assert_eq!(
            taken,
            Err("An account for admin@imprimatur.test already exists.".to_string())
        );
        let short = imprimatur_server::demo::create_admin(
            &app.db,
            &p,
            "new@imprimatur.test",
            "New",
            "short",
        )
        .await
        .unwrap();
        assert!(short.is_err());
        let ok = imprimatur_server::demo::create_admin(
            &app.db,
            &p,
            "new@imprimatur.test",
            "New Admin",
            "a long enough password",
        )
        .await
        .unwrap();
        assert!(ok.is_ok());
        let res = app
            .sign_in("new@imprimatur.test", "a long enough password")
            .await;
        assert!(res.status().is_success(), "{backend:?}");
    }
}

#[tokio::test]
async fn the_role_matrix_downloads_as_csv_for_signed_in_people_only() {
    let app = spawn(crate::common::Backend::Sqlite).await;
    let anonymous = app.client.get(app.url("/roles.csv")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    app.sign_in("tina@acme.test", imprimatur_server::demo::DEMO_PASSWORD)
        .await;
    let res = app
        .client
        .get(app.url("/roles.csv?family=storefront"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("imprimatur-roles-storefront.csv")
    );
    let body = res.text().await.unwrap();
    assert!(body.contains(
        "storefront,power_user,orders.approve,Print jobs and orders,\"own, own department\""
    ));
    assert!(!body.contains("\ntenant,"));
    let bad = app
        .client
        .get(app.url("/roles.csv?family=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}
