//! The cheap request path: a warm session costs one query, the storefront a
//! handful, and a change made through another server process reaches this
//! one's cached principal on the very next request. SQLite and PostgreSQL.

use imprimatur_core::Role;
use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp, backends, session_cookie, spawn};

/// The statements the server ran for one request from `b` to `path`.
async fn queries_for(app: &TestApp, b: &reqwest::Client, page: bool, path: &str) -> u64 {
    let before = app.db.queries();
    let req = match page {
        true => b.get(app.url(path)).header("accept", "text/html"),
        false => app.post_as(b, path),
    };
    let res = req.send().await.unwrap();
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.bytes().await.unwrap();
    app.db.queries() - before
}

/// Whether `b` may list members on `app` (the custom role below grants it).
async fn sees_members(app: &TestApp, b: &reqwest::Client) -> bool {
    let res = app
        .post_as(b, "/api/list_members")
        .form(&[("search", "")])
        .send()
        .await
        .unwrap();
    match res.status().as_u16() {
        200 => true,
        403 => false,
        other => panic!("list_members: {other}"),
    }
}

async fn me(app: &TestApp, b: &reqwest::Client) -> Value {
    app.json_from(b, "/api/current_user").await
}

fn viewer_role(id: Option<i64>, grants: &[&str]) -> Value {
    json!({ "id": id, "name": "Member viewer", "family": "tenant", "grants": grants })
}

async fn save_role(app: &TestApp, b: &reqwest::Client, company: i64, role: Value) -> i64 {
    let res = app
        .post_as(b, "/api/save_custom_role")
        .json(&json!({ "company_id": company, "role": role }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap().trim().parse().unwrap()
}

#[tokio::test]
async fn a_warm_session_costs_one_query_and_the_storefront_a_handful() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        // The first request builds the principal; later ones reuse it.
        queries_for(&app, &cus, false, "/api/current_user").await;
        for _ in 0..3 {
            let q = queries_for(&app, &cus, false, "/api/current_user").await;
            assert!(q <= 2, "{backend:?}: current_user ran {q} queries");
        }
        queries_for(&app, &cus, true, "/").await;
        for _ in 0..3 {
            let q = queries_for(&app, &cus, true, "/").await;
            assert!(q <= 10, "{backend:?}: the storefront ran {q} queries");
        }
    }
}

#[tokio::test]
async fn role_group_and_custom_role_changes_made_through_another_server_count_on_the_next_request()
{
    for backend in backends() {
        let app = spawn(backend).await;
        let other = app.another_server().await;
        let acme = app.company_id("acme").await;
        let ute_id = app.user_id("ute@acme.test").await;
        let ute = app.signed_in_browser("ute@acme.test").await;
        let tom = other.signed_in_browser("tom@acme.test").await;
        let tina = other.signed_in_browser("tina@acme.test").await;
        // Warm this server's cache.
        assert!(!sees_members(&app, &ute).await, "{backend:?}");
        assert!(!sees_members(&app, &ute).await, "{backend:?}");

        // A group that holds a custom role, made and filled on the other server.
        let viewer = save_role(&other, &tom, acme, viewer_role(None, &["users.view@8"])).await;
        let form = [("company_id", acme.to_string()), ("name", "Helpers".into())];
        assert_eq!(other.status_of(&tom, "/api/create_group", &form).await, 200);
        let page = other
            .json_from_form(&tom, "/api/groups", &[("company_id", &acme.to_string())])
            .await;
        let group = page["groups"][0]["id"].as_i64().unwrap().to_string();
        let give = [
            ("company_id", acme.to_string()),
            ("group_id", group.clone()),
            ("grant", format!("{acme}:custom:{viewer}")),
        ];
        assert_eq!(
            other.status_of(&tom, "/api/give_group_role", &give).await,
            200
        );
        assert!(!sees_members(&app, &ute).await, "{backend:?}");
        let join = [
            ("company_id", acme.to_string()),
            ("group_id", group.clone()),
            ("email", "ute@acme.test".into()),
            ("member", "true".into()),
        ];
        assert_eq!(other.status_of(&tom, "/api/group_member", &join).await, 200);
        assert!(sees_members(&app, &ute).await, "group: {backend:?}");
        assert!(
            me(&app, &ute).await["roles"]
                .to_string()
                .contains("through the group")
        );

        // The custom role loses the permission.
        save_role(
            &other,
            &tom,
            acme,
            viewer_role(Some(viewer), &["users.resend_credentials@8"]),
        )
        .await;
        assert!(!sees_members(&app, &ute).await, "custom role: {backend:?}");

        // A role of her own.
        let grant = format!("{acme}:{}", Role::TenantAdmin.slug());
        let form = [("user_id", ute_id.to_string()), ("grant", grant)];
        assert_eq!(other.status_of(&tina, "/api/assign_role", &form).await, 200);
        assert!(sees_members(&app, &ute).await, "role: {backend:?}");
        assert!(
            me(&app, &ute).await["roles"]
                .to_string()
                .contains(Role::TenantAdmin.name()),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_suspension_made_through_another_server_ends_the_session_on_the_next_request() {
    for backend in backends() {
        let app = spawn(backend).await;
        let other = app.another_server().await;
        let ute_id = app.user_id("ute@acme.test").await.to_string();
        let ute = app.signed_in_browser("ute@acme.test").await;
        let tina = other.signed_in_browser("tina@acme.test").await;
        assert_eq!(me(&app, &ute).await["email"], "ute@acme.test");
        assert_eq!(me(&app, &ute).await["email"], "ute@acme.test");
        let form = [("user_id", ute_id.as_str()), ("suspend", "true")];
        assert_eq!(
            other
                .status_of(&tina, "/api/change_member_state", &form)
                .await,
            200
        );
        assert!(me(&app, &ute).await.is_null(), "{backend:?}");
        assert_eq!(app.sessions_of_user(&ute_id).await, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn a_sign_out_on_another_server_ends_the_session_here_too() {
    for backend in backends() {
        let app = spawn(backend).await;
        let other = app.another_server().await;
        // A cookie kept by hand: the sign-out's cleared cookie must not be
        // what ends it here.
        let plain = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let res = app
            .post_as(&plain, "/api/sign_in")
            .form(&[("email", "ute@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        let cookie = session_cookie(&res).unwrap();
        let cookie = cookie.split(';').next().unwrap().to_string();
        let whoami = |server: &TestApp| {
            server
                .post_as(&plain, "/api/current_user")
                .header("cookie", &cookie)
                .send()
        };
        let first: Value = whoami(&app).await.unwrap().json().await.unwrap();
        assert_eq!(first["email"], "ute@acme.test", "{backend:?}");
        let out = other
            .post_as(&plain, "/api/sign_out")
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert!(out.status().is_success() || out.status().is_redirection());
        let after: Value = whoami(&app).await.unwrap().json().await.unwrap();
        assert!(after.is_null(), "{backend:?}: {after}");
    }
}

impl TestApp {
    async fn sessions_of_user(&self, user_id: &str) -> u64 {
        use imprimatur_server::db::entities::session;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        session::Entity::find()
            .filter(session::Column::UserId.eq(user_id.parse::<i64>().unwrap()))
            .count(&self.db.read)
            .await
            .unwrap()
    }
}
