//! Spawns the real app on a random port with a database of its own, on
//! SQLite always and on PostgreSQL when the test command started a cluster
//! (IMPRIMATUR_TEST_POSTGRES_URL). With IMPRIMATUR_REQUIRE_POSTGRES=1 a
//! missing cluster is an error, so CI cannot skip PostgreSQL by accident.

use std::sync::Arc;

use imprimatur_server::config::Config;
use imprimatur_server::db::Db;
use imprimatur_server::demo;
use imprimatur_server::http::{AppState, router};
use sea_orm::{ConnectionTrait, Database};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backends every database test runs on.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    match std::env::var("IMPRIMATUR_TEST_POSTGRES_URL") {
        Ok(_) => out.push(Backend::Postgres),
        Err(_) if std::env::var("IMPRIMATUR_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("IMPRIMATUR_REQUIRE_POSTGRES=1 but IMPRIMATUR_TEST_POSTGRES_URL is not set")
        }
        Err(_) => {
            eprintln!("note: PostgreSQL tests skipped (IMPRIMATUR_TEST_POSTGRES_URL not set)")
        }
    }
    out
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub config: Arc<Config>,
    _dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn unique_name() -> String {
    use rand::RngCore;
    format!("imprimatur_test_{:016x}", rand::rng().next_u64())
}

async fn database_url(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/test.db", dir.display()),
        Backend::Postgres => {
            let admin = std::env::var("IMPRIMATUR_TEST_POSTGRES_URL").expect("postgres url");
            let name = unique_name();
            let conn = Database::connect(admin.as_str())
                .await
                .expect("connect to the test cluster");
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create database");
            let base = admin
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .expect("url with a database");
            format!("{base}/{name}")
        }
    }
}

/// A server on 127.0.0.1 with the demo loaded.
pub async fn spawn(backend: Backend) -> TestApp {
    spawn_with(backend, true).await
}

pub async fn spawn_with(backend: Backend, with_demo: bool) -> TestApp {
    spawn_configured(backend, with_demo, &[]).await
}

/// A server with settings of its own on top (`IMPRIMATUR_…` variables).
pub async fn spawn_configured(
    backend: Backend,
    with_demo: bool,
    settings: &[(&str, &str)],
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(backend, dir.path()).await;
    start(url, dir, with_demo, settings).await
}

impl TestApp {
    /// A second server process on this one's database, as behind a load
    /// balancer: nothing in this one's memory reaches it.
    /// Both answer to one WebAuthn relying party, as behind one public
    /// address, so a passkey ceremony may start on one and finish on the other.
    pub async fn another_server(&self) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let origin = self
            .config
            .webauthn
            .rp_origin
            .as_str()
            .trim_end_matches('/');
        let same_party = [("IMPRIMATUR_WEBAUTHN_RP_ORIGIN", origin)];
        start(self.config.database.url.clone(), dir, false, &same_party).await
    }
}

async fn start(
    url: String,
    dir: tempfile::TempDir,
    with_demo: bool,
    settings: &[(&str, &str)],
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let text = include_str!("../../../Leptos.toml");
    let mut env = vec![
        ("IMPRIMATUR_DATABASE_URL".to_string(), url),
        ("IMPRIMATUR_SERVER_LISTEN".to_string(), addr.to_string()),
        ("IMPRIMATUR_SERVER_PUBLIC_URL".to_string(), base.clone()),
        (
            "IMPRIMATUR_WEBAUTHN_RP_ID".to_string(),
            "localhost".to_string(),
        ),
        (
            "IMPRIMATUR_WEBAUTHN_RP_ORIGIN".to_string(),
            format!("http://localhost:{}", addr.port()),
        ),
        // Chapter files: this test's own directory, removed with it.
        (
            "IMPRIMATUR_STORAGE_DIR".to_string(),
            dir.path().join("files").display().to_string(),
        ),
    ];
    env.extend(settings.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let config = Config::from_toml_and_env(text, env).unwrap();
    let config = Arc::new(config);
    let db = Db::open(&config.database).await.unwrap();
    let state = AppState::new(config.clone(), db.clone()).unwrap();
    if with_demo {
        demo::load_if_empty(&state.db, &state.passwords, &*state.storage)
            .await
            .unwrap();
    }
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    let client = browser();
    TestApp {
        base,
        client,
        db,
        config,
        _dir: dir,
        server,
    }
}

/// A client with its own cookie jar: one person's browser. A request that
/// gets no answer in two minutes fails with its address, so a hang names
/// the test and the call instead of stopping the whole run (a fresh clone's
/// run once waited 20 minutes in `one_time_links`).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A POST from another browser (its own cookies), same origin.
    pub fn post_as(&self, browser: &reqwest::Client, path: &str) -> reqwest::RequestBuilder {
        browser.post(self.url(path)).header("origin", &self.base)
    }

    /// POST to a server function without arguments from `b`; its JSON answer.
    pub async fn json_from(&self, b: &reqwest::Client, path: &str) -> serde_json::Value {
        self.post_as(b, path)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// POST a form to a server function from `b`; the status of the answer.
    pub async fn status_of(
        &self,
        b: &reqwest::Client,
        path: &str,
        form: &(impl serde::Serialize + ?Sized),
    ) -> u16 {
        self.post_as(b, path)
            .form(form)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// POST a form to a server function from `b`; its JSON answer.
    pub async fn json_from_form(
        &self,
        b: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> serde_json::Value {
        self.post_as(b, path)
            .form(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Sign in from another browser; panics unless it works.
    pub async fn signed_in_browser(&self, email: &str) -> reqwest::Client {
        let b = browser();
        let res = self
            .post_as(&b, "/api/sign_in")
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "{email}: {}",
            res.status()
        );
        b
    }

    /// The newest message of the outbox to `to`, if any.
    pub async fn last_mail_to(&self, to: &str) -> Option<imprimatur_app::model::MailRow> {
        // Links as the recipient gets them: the outbox keeps them sealed.
        imprimatur_server::mail::latest_with_links(&self.db, &self.config, Some(to), 1)
            .await
            .unwrap()
            .into_iter()
            .next()
    }

    /// The token of the link in the newest message to `to`.
    pub async fn token_mailed_to(&self, to: &str) -> String {
        let m = self.last_mail_to(to).await.expect("a message");
        m.body
            .split("token=")
            .nth(1)
            .map(|t| t.chars().take_while(char::is_ascii_hexdigit).collect())
            .expect("a link with a token")
    }

    /// The user id behind an address.
    pub async fn user_id(&self, email: &str) -> i64 {
        use imprimatur_server::db::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&self.db.read)
            .await
            .unwrap()
            .expect("an account")
            .id
    }

    /// The id of the company with URL slug `slug`.
    /// POST a form to a server function from `b`; its status and JSON
    /// answer (null when the answer is not JSON).
    pub async fn answer_to(
        &self,
        b: &reqwest::Client,
        path: &str,
        form: &(impl serde::Serialize + ?Sized),
    ) -> (u16, serde_json::Value) {
        let res = self.post_as(b, path).form(form).send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or_default())
    }

    /// The demo product called `name`.
    pub async fn product_named(
        &self,
        name: &str,
    ) -> imprimatur_server::db::entities::product::Model {
        use imprimatur_server::db::entities::product;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        product::Entity::find()
            .filter(product::Column::Name.eq(name))
            .one(&self.db.read)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no product {name}"))
    }

    /// The id of the department `name` of the company at `slug`.
    pub async fn department_named(&self, slug: &str, name: &str) -> i64 {
        use imprimatur_server::db::entities::department;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let company = self.company_id(slug).await;
        department::Entity::find()
            .filter(department::Column::CompanyId.eq(company))
            .filter(department::Column::Name.eq(name))
            .one(&self.db.read)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no department {name} at {slug}"))
            .id
    }

    pub async fn company_id(&self, slug: &str) -> i64 {
        use imprimatur_server::db::entities::company;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        company::Entity::find()
            .filter(company::Column::Slug.eq(slug))
            .one(&self.db.read)
            .await
            .unwrap()
            .expect("a company")
            .id
    }

    /// How many audit events of `action` with `outcome` there are.
    pub async fn audit_count(&self, action: &str, outcome: &str) -> u64 {
        use imprimatur_server::db::entities::audit_event;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq(action))
            .filter(audit_event::Column::Outcome.eq(outcome))
            .count(&self.db.read)
            .await
            .unwrap()
    }

    /// A POST as the portal's own pages send it (same origin).
    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(path))
            .header("origin", &self.base)
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post("/api/sign_in")
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap()
    }

    /// How many sessions are open in the database.
    pub async fn sessions(&self) -> u64 {
        use sea_orm::{EntityTrait, PaginatorTrait};
        imprimatur_server::db::entities::session::Entity::find()
            .count(&self.db.read)
            .await
            .unwrap()
    }

    /// The members list server function, as the members page calls it.
    pub async fn list_members(&self, search: &str) -> reqwest::Response {
        self.post("/api/list_members")
            .form(&[("search", search)])
            .send()
            .await
            .unwrap()
    }

    /// Every demo account that can sign in to the portal, with its principal.
    pub async fn demo_people(&self) -> Vec<(String, imprimatur_core::Principal)> {
        use imprimatur_core::{Permission, Principal, Resource, ResourceKind, authorize};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let mut out = Vec::new();
        for (email, ..) in imprimatur_server::demo::accounts() {
            let u = imprimatur_server::db::entities::user::Entity::find()
                .filter(imprimatur_server::db::entities::user::Column::Email.eq(email))
                .one(&self.db.read)
                .await
                .unwrap()
                .unwrap();
            let p = imprimatur_server::identity::load(&self.db, &u)
                .await
                .unwrap()
                .principal;
            let principal = Principal::User(p);
            let portal = authorize(
                &principal,
                Permission::PortalAccess,
                &Resource::new(ResourceKind::Portal),
            );
            let printer_app = authorize(
                &principal,
                Permission::PrinterAppCalibrateQa,
                &Resource::new(ResourceKind::PrinterApp),
            );
            if portal.is_allowed() || printer_app.is_allowed() {
                out.push((email.to_string(), principal));
            }
        }
        out
    }

    /// Every customer company with a product, once company-wide and once
    /// per department: (company, department, a product of it), for tests
    /// that fill the database with rows in every place.
    pub async fn customer_places(&self) -> Vec<(i64, Option<i64>, i64)> {
        use imprimatur_server::db::entities::{company, department, product};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let mut places = Vec::new();
        for c in company::Entity::find()
            .filter(company::Column::Kind.eq("customer"))
            .all(&self.db.read)
            .await
            .unwrap()
        {
            let Some(p) = product::Entity::find()
                .filter(product::Column::CompanyId.eq(c.id))
                .one(&self.db.read)
                .await
                .unwrap()
            else {
                continue;
            };
            places.push((c.id, None, p.id));
            for d in department::Entity::find()
                .filter(department::Column::CompanyId.eq(c.id))
                .all(&self.db.read)
                .await
                .unwrap()
            {
                places.push((c.id, Some(d.id), p.id));
            }
        }
        places
    }

    /// Every user's id.
    pub async fn everyone(&self) -> Vec<i64> {
        use sea_orm::EntityTrait;
        imprimatur_server::db::entities::user::Entity::find()
            .all(&self.db.read)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect()
    }

    /// The signed-in person as the server sees them (None: signed out).
    pub async fn whoami(&self) -> Option<serde_json::Value> {
        let res = self.post("/api/current_user").send().await.unwrap();
        assert_eq!(res.status(), 200);
        let v: serde_json::Value = res.json().await.unwrap();
        (!v.is_null()).then_some(v)
    }
}

pub const PASSWORD: &str = imprimatur_server::demo::DEMO_PASSWORD;

pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("imprimatur_session="))
        .map(str::to_string)
}
