//! The first page of visible print jobs for a Department Manager with
//! 1,000,000 orders in the database: the SQL filter built from `core`'s
//! visibility (what the server does) against loading every order and
//! asking `core::authorize` about each row. SQLite always; PostgreSQL when
//! `IMPRIMATUR_BENCH_POSTGRES_URL` names an empty database. Prints Markdown.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use imprimatur_app::model::{ORDERS_PAGE, OrderQuery};
use imprimatur_core::{Permission, Principal, ResourceKind, ResourceState, authorize, visibility};
use imprimatur_server::auth::password::Passwords;
use imprimatur_server::config::Config;
use imprimatur_server::db::Db;
use imprimatur_server::db::entities::{company, department, order, product, user};
use imprimatur_server::shop::orders;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

const ORDERS: usize = 1_000_000;
const BATCH: usize = 1_000;

async fn open(url: &str) -> Db {
    let toml = include_str!("../../Leptos.toml");
    let config = Config::from_toml_and_env(
        toml,
        [("IMPRIMATUR_DATABASE_URL".to_string(), url.to_string())],
    )
    .unwrap();
    Db::open(&config.database).await.unwrap()
}

/// The demo, then a million orders spread over every customer company,
/// department and member, newest last.
async fn fill(db: &Db) {
    // The demo's chapter files: nobody reads them here.
    let files = tempfile::tempdir().unwrap();
    let storage = imprimatur_server::storage::LocalStorage::new(files.path());
    imprimatur_server::demo::load_if_empty(db, &Passwords::new(1), &storage)
        .await
        .unwrap();
    let customers: Vec<company::Model> = company::Entity::find()
        .filter(company::Column::Kind.eq("customer"))
        .all(&db.read)
        .await
        .unwrap();
    let mut places: Vec<(i64, Option<i64>, i64)> = Vec::new();
    for c in &customers {
        let depts = department::Entity::find()
            .filter(department::Column::CompanyId.eq(c.id))
            .all(&db.read)
            .await
            .unwrap();
        let p = product::Entity::find()
            .filter(product::Column::CompanyId.eq(c.id))
            .one(&db.read)
            .await
            .unwrap()
            .unwrap();
        places.push((c.id, None, p.id));
        for d in depts {
            places.push((c.id, Some(d.id), p.id));
        }
    }
    let owners: Vec<i64> = user::Entity::find()
        .all(&db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    let states = ResourceState::ALL;
    let backend = db.writer().get_database_backend();
    let txn = db.begin_write().await.unwrap();
    for start in (0..ORDERS).step_by(BATCH) {
        let mut sql = String::from(
            "INSERT INTO orders (company_id, department_id, owner_id, product_id, title, quantity, price_cents, state, payload_hash, created_at, updated_at) VALUES ",
        );
        for i in start..start + BATCH {
            let (c, d, p) = places[i % places.len()];
            let owner = owners[(i / 7) % owners.len()];
            let state = states[i % states.len()].slug();
            let d = d.map_or("NULL".to_string(), |d| d.to_string());
            if i > start {
                sql.push(',');
            }
            sql.push_str(&format!(
                "({c}, {d}, {owner}, {p}, 'Job {i}', 100, 2500, '{state}', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
            ));
        }
        txn.execute_unprepared(&sql).await.unwrap();
    }
    txn.commit().await.unwrap();
    if backend == sea_orm::DatabaseBackend::Postgres {
        db.writer()
            .execute_unprepared("ANALYZE orders")
            .await
            .unwrap();
    }
}

fn percentile(mut xs: Vec<Duration>, p: f64) -> Duration {
    xs.sort_unstable();
    let i = ((xs.len() as f64 - 1.0) * p).round() as usize;
    xs[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn run(name: &str, url: &str) {
    let db = open(url).await;
    let t = Instant::now();
    fill(&db).await;
    eprintln!(
        "{name}: {ORDERS} orders loaded in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let dan = user::Entity::find()
        .filter(user::Column::Email.eq("dan@globex.test"))
        .one(&db.read)
        .await
        .unwrap()
        .unwrap();
    let me = Principal::User(
        imprimatur_server::identity::load(&db, &dan)
            .await
            .unwrap()
            .principal,
    );
    let filter = visibility(&me, Permission::OrdersView, ResourceKind::Order);
    let query = OrderQuery::default();

    let mut sql = Vec::new();
    let first = orders::list(&db.read, &filter, &query).await.unwrap();
    for _ in 0..300 {
        let t = Instant::now();
        let page = orders::list(&db.read, &filter, &query).await.unwrap();
        sql.push(t.elapsed());
        assert_eq!(page.len(), first.len());
    }

    // The alternative: every order loaded, each asked about, newest first.
    let mut naive = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let all = order::Entity::find()
            .order_by_desc(order::Column::Id)
            .all(&db.read)
            .await
            .unwrap();
        let page: Vec<i64> = all
            .into_iter()
            .map(|o| {
                let r = imprimatur_app::model::OrderRow {
                    id: o.id,
                    company_id: o.company_id,
                    company_name: String::new(),
                    department_id: o.department_id,
                    department_name: None,
                    owner_id: o.owner_id,
                    owner_name: String::new(),
                    product_id: o.product_id,
                    product_name: String::new(),
                    title: o.title,
                    quantity: o.quantity,
                    price_cents: o.price_cents,
                    state: ResourceState::from_slug(&o.state).unwrap_or(ResourceState::Draft),
                    created_at: String::new(),
                    approvers: Vec::new(),
                    decision: None,
                    reorder_of: o.reorder_of,
                    ship_to: o.ship_to,
                    placed_by_name: None,
                    replenishes: o.replenishes,
                    answers: Vec::new(),
                    fields: Vec::new(),
                    placed_by: o.placed_by,
                    from_quote: None,
                };
                (r.id, r.resource())
            })
            .filter(|(_, r)| authorize(&me, Permission::OrdersView, r).is_allowed())
            .map(|(id, _)| id)
            .take(ORDERS_PAGE as usize)
            .collect();
        naive.push(t.elapsed());
        let ids: Vec<i64> = first.iter().map(|o| o.id).collect();
        assert_eq!(page, ids, "both ways find the same page");
    }
    let (p50, p95) = (percentile(sql.clone(), 0.5), percentile(sql, 0.95));
    let naive_p50 = percentile(naive, 0.5);
    println!(
        "| {name} | {} | {} / {} | {} | {:.0}× |",
        first.len(),
        ms(p50),
        ms(p95),
        ms(naive_p50),
        naive_p50.as_secs_f64() / p50.as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    println!(
        "\n| 1,000,000 orders, Department Manager (Globex / Finance) | rows on the first page | SQL filter from core: p50 / p95 (300 runs) | load every row and authorize each: p50 (3 runs) | ratio (p50) |"
    );
    println!("|---|---|---|---|---|");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    run("SQLite", &url).await;
    if let Ok(pg) = std::env::var("IMPRIMATUR_BENCH_POSTGRES_URL") {
        run("PostgreSQL 15", &pg).await;
    }
}
