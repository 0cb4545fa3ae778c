//! The crash test: the real server binary is killed with SIGKILL while
//! eight clients place orders and approve them; after each restart every
//! order and decision the server acknowledged is there, none is there
//! twice, and the database passes its integrity check. `CRASH_RUNS` sets
//! the number of kills a backend (20 in `make test`, more in `make fuzz`).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{Backend, backends};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use tokio::process::{Child, Command};

const PASSWORD: &str = "imprimatur-demo";

/// The server binary on a free port over `url`.
struct Server {
    child: Child,
    base: String,
}

async fn free_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

async fn start(url: &str, port: u16) -> Server {
    let base = format!("http://127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_imprimatur"))
        .arg("serve")
        .env(
            "IMPRIMATUR_CONFIG",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../Leptos.toml"),
        )
        .env("IMPRIMATUR_DATABASE_URL", url)
        .env("IMPRIMATUR_SERVER_LISTEN", format!("127.0.0.1:{port}"))
        .env("IMPRIMATUR_SERVER_PUBLIC_URL", &base)
        .env("IMPRIMATUR_SERVER_DEMO_IF_EMPTY", "true")
        .env("IMPRIMATUR_WEBAUTHN_RP_ID", "localhost")
        .env(
            "IMPRIMATUR_WEBAUTHN_RP_ORIGIN",
            format!("http://localhost:{port}"),
        )
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts");
    let probe = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = probe.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return Server { child, base };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up at {base}");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

async fn sign_in(base: &str, email: &str) -> reqwest::Client {
    let b = client();
    let res = b
        .post(format!("{base}/api/sign_in"))
        .header("origin", base)
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    b
}

/// What the server said it did: order ids by title, decided order ids.
#[derive(Default)]
struct Acknowledged {
    orders: BTreeMap<String, i64>,
    decisions: Vec<i64>,
}

async fn place(base: &str, b: &reqwest::Client, product: i64, title: &str) -> Option<i64> {
    let res = b
        .post(format!("{base}/api/place_order"))
        .header("origin", base)
        .form(&[
            ("order[product_id]", product.to_string()),
            ("order[quantity]", "100".to_string()),
            ("order[title]", title.to_string()),
            ("order[approvers]", String::new()),
            ("order[idempotency_key]", title.replace(' ', "-")),
        ])
        .send()
        .await
        .ok()?;
    if !res.status().is_success() {
        if rand::random::<u8>() < 8 {
            eprintln!(
                "place_order: {} {}",
                res.status(),
                res.text().await.unwrap_or_default()
            );
        }
        return None;
    }
    res.json::<serde_json::Value>().await.ok()?.as_i64()
}

async fn decide(base: &str, b: &reqwest::Client, order: i64) -> bool {
    let sent = b
        .post(format!("{base}/api/decide_order"))
        .header("origin", base)
        .form(&[
            ("order_id", order.to_string()),
            ("approve", "true".to_string()),
            ("comment", "crash test".to_string()),
        ])
        .send()
        .await;
    matches!(sent, Ok(r) if r.status().is_success())
}

async fn first<T: sea_orm::TryGetable>(db: &DatabaseConnection, sql: &str) -> T {
    let backend = db.get_database_backend();
    db.query_one_raw(Statement::from_string(backend, sql.to_string()))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no row for {sql}"))
        .try_get_by_index::<T>(0)
        .unwrap()
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
    first::<i64>(db, sql).await
}

async fn database(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/crash.db", dir.display()),
        Backend::Postgres => {
            let admin = std::env::var("IMPRIMATUR_TEST_POSTGRES_URL").unwrap();
            let name = format!("imprimatur_crash_{}", rand::random::<u32>());
            let conn = Database::connect(admin.as_str()).await.unwrap();
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let (base, _) = admin.rsplit_once('/').unwrap();
            format!("{base}/{name}")
        }
    }
}

#[tokio::test]
async fn acknowledged_orders_and_decisions_survive_a_kill_exactly_once() {
    let runs: usize = std::env::var("CRASH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for backend in backends() {
        let dir = tempfile::tempdir().unwrap();
        let url = database(backend, dir.path()).await;
        let port = free_port().await;
        let mut server = start(&url, port).await;
        let base = server.base.clone();
        let db = Database::connect(url.as_str()).await.unwrap();
        let product = scalar(&db, "SELECT id FROM products WHERE name = 'Sales flyer A5'").await;
        // Sessions live in the database: they outlast every kill.
        let cus = sign_in(&base, "cus@acme.test").await;
        let paul = sign_in(&base, "paul@acme.test").await;
        let seen = Arc::new(Mutex::new(Acknowledged::default()));
        for run in 0..runs {
            let mut clients = Vec::new();
            for c in 0..8 {
                let (base, seen) = (base.clone(), seen.clone());
                let (cus, paul) = (cus.clone(), paul.clone());
                clients.push(tokio::spawn(async move {
                    for n in 0.. {
                        if c % 2 == 0 {
                            let title = format!("crash {run}-{c}-{n}");
                            if let Some(id) = place(&base, &cus, product, &title).await {
                                seen.lock().unwrap().orders.insert(title, id);
                            }
                        } else {
                            let waiting: Vec<i64> = {
                                let s = seen.lock().unwrap();
                                s.orders
                                    .values()
                                    .filter(|id| !s.decisions.contains(id))
                                    .copied()
                                    .collect()
                            };
                            let Some(order) = waiting.get(n % waiting.len().max(1)).copied() else {
                                tokio::time::sleep(Duration::from_millis(20)).await;
                                continue;
                            };
                            if decide(&base, &paul, order).await {
                                seen.lock().unwrap().decisions.push(order);
                            }
                        }
                    }
                }));
            }
            let pause = 300 + (rand::random::<u64>() % 900);
            tokio::time::sleep(Duration::from_millis(pause)).await;
            server.child.start_kill().unwrap();
            server.child.wait().await.unwrap();
            for c in clients {
                c.abort();
            }
            server = start(&url, port).await;

            let (orders, decisions) = {
                let s = seen.lock().unwrap();
                (s.orders.clone(), s.decisions.clone())
            };
            for (title, id) in &orders {
                let found = scalar(
                    &db,
                    &format!(
                        "SELECT COUNT(*) FROM orders WHERE title = '{}' AND id = {id}",
                        title.replace('\'', "''")
                    ),
                )
                .await;
                assert_eq!(
                    found, 1,
                    "{backend:?} run {run}: acknowledged order {title} lost"
                );
            }
            let twice = scalar(
                &db,
                "SELECT COUNT(*) FROM (SELECT title FROM orders WHERE title LIKE 'crash %' \
                 GROUP BY title HAVING COUNT(*) > 1) AS t",
            )
            .await;
            assert_eq!(twice, 0, "{backend:?} run {run}: an order placed twice");
            for id in &decisions {
                let state = scalar(
                    &db,
                    &format!("SELECT COUNT(*) FROM orders WHERE id = {id} AND state = 'approved'"),
                )
                .await;
                assert_eq!(
                    state, 1,
                    "{backend:?} run {run}: acknowledged approval of #{id} lost"
                );
            }
            let doubled = scalar(
                &db,
                "SELECT COUNT(*) FROM (SELECT order_id FROM approval_decisions \
                 GROUP BY order_id HAVING COUNT(*) > 1) AS t",
            )
            .await;
            assert_eq!(
                doubled, 0,
                "{backend:?} run {run}: a decision recorded twice"
            );
            if backend == Backend::Sqlite {
                let ok = first::<String>(&db, "PRAGMA integrity_check").await;
                assert_eq!(ok, "ok", "{backend:?} run {run}");
            }
        }
        let (orders, decisions) = {
            let s = seen.lock().unwrap();
            (s.orders.len(), s.decisions.len())
        };
        println!(
            "{backend:?}: {runs} kills survived; {orders} acknowledged orders and {decisions} approvals all kept once"
        );
        assert!(
            orders > 0 && decisions > 0,
            "{backend:?}: the clients got nothing done"
        );
        server.child.start_kill().unwrap();
    }
}
