//! The fuzz pass: every registered server function (the matrix's list),
//! called with random and malformed arguments (wrong types, huge strings,
//! negative and huge numbers, unicode, nulls, missing and duplicated
//! fields, bodies in the wrong encoding) as several demo accounts and as
//! nobody. Never a 500 or a dropped connection (a panic), never database
//! text in an answer, and a refused call (any 4xx) writes nothing: the
//! database is fingerprinted after every call and compared with the one
//! before. `FUZZ_REQUESTS` sets the number of calls a backend (2,000 in
//! `make test`; `make fuzz` runs 100,000), `FUZZ_SEED` the seed.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::common::{TestApp, backends, browser, spawn};
use crate::matrix::{GATES, Probe, World, world};
use sea_orm::{ConnectionTrait, DatabaseBackend, JsonValue, Statement};

/// A small deterministic generator (xorshift64*): a failure reproduces
/// from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Values that have broken parsers and queries before.
const NASTY: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1",
    "999999",
    "-9223372036854775808",
    "9223372036854775807",
    "9223372036854775808",
    "340282366920938463463374607431768211456",
    "1e309",
    "-0.0",
    "NaN",
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "{acme}",
    "{cus}",
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    "%00",
    "\u{0}",
    "\u{7}\u{1b}[31m",
    "\r\nSet-Cookie: x=y",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "💥🖨️",
    "\u{202e}gpj.exe",
    "ÅÄÖ ß ﬁ",
    "𝕴𝖒𝖕𝖗𝖎𝖒𝖆𝖙𝖚𝖗",
    "acme",
    "cus@acme.test",
    "CUS+x@ACME.TEST",
    "storefront",
    "orders.approve",
    "users.suspend@8",
    "custom:1",
];

fn nasty(rng: &mut Rng, w: &World) -> String {
    match rng.below(10) {
        0 => "x".repeat(1 + rng.below(300_000)),
        1 => (0..1 + rng.below(40))
            .map(|_| char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('?'))
            .collect(),
        2 => (rng.next() as i64).to_string(),
        _ => w.fill(NASTY[rng.below(NASTY.len())]),
    }
}

/// A JSON value of a random shape.
fn nasty_json(rng: &mut Rng, w: &World, depth: u32) -> JsonValue {
    match rng.below(if depth > 2 { 6 } else { 8 }) {
        0 => JsonValue::Null,
        1 => JsonValue::Bool(rng.chance(50)),
        2 => JsonValue::from(rng.next() as i64),
        3 => JsonValue::from(-(rng.below(1000) as i64)),
        4 | 5 => JsonValue::from(nasty(rng, w)),
        6 => JsonValue::Array(
            (0..rng.below(4))
                .map(|_| nasty_json(rng, w, depth + 1))
                .collect(),
        ),
        _ => JsonValue::Object(
            (0..rng.below(4))
                .map(|i| (format!("k{i}"), nasty_json(rng, w, depth + 1)))
                .collect(),
        ),
    }
}

/// The probe's JSON with some leaves and branches swapped for nasty ones.
fn mutate(rng: &mut Rng, w: &World, v: &JsonValue) -> JsonValue {
    if rng.chance(25) {
        return nasty_json(rng, w, 1);
    }
    match v {
        JsonValue::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                if !rng.chance(10) {
                    out.insert(k.clone(), mutate(rng, w, v));
                }
            }
            JsonValue::Object(out)
        }
        JsonValue::Array(items) => {
            JsonValue::Array(items.iter().map(|v| mutate(rng, w, v)).collect())
        }
        other => other.clone(),
    }
}

/// One random call of `path`, shaped after its probe.
fn request(
    rng: &mut Rng,
    app: &TestApp,
    w: &World,
    b: &reqwest::Client,
    path: &str,
    probe: &Probe,
) -> reqwest::RequestBuilder {
    let req = app.post_as(b, path);
    match (probe, rng.below(12)) {
        (_, 0) => req
            .header("content-type", "application/x-www-form-urlencoded")
            .body(nasty(rng, w)),
        (_, 1) => req
            .header("content-type", "application/json")
            .body(nasty(rng, w)),
        (Probe::Form(fields), _) => {
            let mut form: Vec<(String, String)> = Vec::new();
            for (k, v) in fields.iter() {
                if rng.chance(8) {
                    continue;
                }
                let value = if rng.chance(70) {
                    nasty(rng, w)
                } else {
                    w.fill(v)
                };
                form.push((k.to_string(), value));
                if rng.chance(8) {
                    form.push((k.to_string(), nasty(rng, w)));
                }
            }
            if rng.chance(10) {
                form.push((nasty(rng, w), nasty(rng, w)));
            }
            req.form(&form)
        }
        (Probe::Json(make), _) => req.json(&mutate(rng, w, &make(w))),
    }
}

/// Tables a refused call may write: its audit record, the session's last
/// use, failure counters and pending ceremonies.
fn may_change(table: &str) -> bool {
    table.starts_with("seaql")
        || table.contains("audit")
        || table.contains("session")
        || table.contains("attempt")
        || table.contains("ceremon")
        || table.contains("challenge")
}

async fn texts(conn: &sea_orm::DatabaseConnection, sql: String) -> Vec<String> {
    let backend = conn.get_database_backend();
    conn.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            r.try_get_by_index::<Option<String>>(0)
                .unwrap()
                .unwrap_or_default()
        })
        .collect()
}

/// One query a table a refused call must leave alone, each row as one text:
/// quote() of every column on SQLite, the row's own text form on
/// PostgreSQL. Built once: the schema does not change while fuzzing.
async fn row_queries(app: &TestApp) -> Vec<(String, String)> {
    let conn = &app.db.read;
    let sqlite = conn.get_database_backend() == DatabaseBackend::Sqlite;
    let tables = texts(
        conn,
        if sqlite {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        } else {
            "SELECT CAST(table_name AS text) FROM information_schema.tables \
             WHERE table_schema = current_schema()"
        }
        .to_string(),
    )
    .await;
    let mut out = Vec::new();
    for name in tables {
        if may_change(&name) {
            continue;
        }
        let rows_sql = if sqlite {
            let columns = texts(
                conn,
                format!("SELECT name FROM pragma_table_info('{name}')"),
            )
            .await;
            let joined: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
            format!(
                "SELECT {} FROM \"{name}\" ORDER BY 1",
                joined.join(" || '|' || ")
            )
        } else {
            format!("SELECT CAST(t AS text) FROM \"{name}\" AS t ORDER BY 1")
        };
        out.push((name, rows_sql));
    }
    out
}

/// A hash of every row of every table a refused call must leave alone.
async fn fingerprint(app: &TestApp, queries: &[(String, String)]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for (name, rows_sql) in queries {
        let mut h = DefaultHasher::new();
        let rows = texts(&app.db.read, rows_sql.clone()).await;
        *out.entry("rows in all".to_string()).or_insert(0) += rows.len() as u64;
        rows.hash(&mut h);
        out.insert(name.clone(), h.finish());
    }
    out
}

/// Words that only a database error would put in an answer.
const DATABASE_TEXT: &[&str] = &[
    "sqlite",
    "SQLITE",
    "postgres",
    "SqlxError",
    "DbErr",
    "syntax error",
    "UNIQUE constraint",
    "violates",
    "FOREIGN KEY",
    "no such table",
    "SELECT ",
    "INSERT INTO",
];

/// Functions that answer first and do their work after (so that the time of
/// the answer says nothing): what they write must not be blamed on the next call.
const DEFERRED: &[&str] = &["/api/request_password_reset"];

/// The fingerprint once deferred work is done: a second after the answer
/// (the work starts 100 ms after it), then unchanged for 300 ms, or the last
/// one taken after 10 s.
async fn settled(
    app: &TestApp,
    queries: &[(String, String)],
    mut last: BTreeMap<String, u64>,
) -> BTreeMap<String, u64> {
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    for _ in 0..30 {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let now = fingerprint(app, queries).await;
        if now == last {
            break;
        }
        last = now;
    }
    last
}

#[tokio::test]
async fn random_and_malformed_arguments_never_crash_leak_or_write_when_refused() {
    let total: usize = std::env::var("FUZZ_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_f00d);
    // FUZZ_BACKEND (sqlite or postgres) fuzzes one of them only.
    let only = std::env::var("FUZZ_BACKEND").ok();
    let chosen = backends().into_iter().filter(|b| {
        only.as_deref()
            .is_none_or(|name| format!("{b:?}").eq_ignore_ascii_case(name))
    });
    for backend in chosen {
        let app = spawn(backend).await;
        let w = world(&app).await;
        let mut people = vec![("nobody".to_string(), browser())];
        for email in [
            "cus@acme.test",
            "tina@acme.test",
            "sam@globex.test",
            "ivan@inkworks.test",
            "mia@northwind.test",
        ] {
            people.push((email.to_string(), app.signed_in_browser(email).await));
        }
        // Signing out would only end the fuzzing sessions.
        let targets: Vec<_> = GATES
            .iter()
            .filter(|(p, ..)| !p.starts_with("/api/sign_out"))
            .collect();
        let mut rng = Rng(seed | 1);
        let queries = row_queries(&app).await;
        let mut before = fingerprint(&app, &queries).await;
        assert!(
            before["rows in all"] > 100,
            "{backend:?}: the fingerprint sees the demo's rows: {before:?}"
        );
        let (mut refused, mut allowed) = (0u32, 0u32);
        for n in 0..total {
            let (path, _, probe) = targets[rng.below(targets.len())];
            let (who, b) = &people[rng.below(people.len())];
            let req = request(&mut rng, &app, &w, b, path, probe).build().unwrap();
            let sent: String = req
                .body()
                .and_then(|body| body.as_bytes())
                .map(|bytes| String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned())
                .unwrap_or_default();
            let res = b.execute(req).await.unwrap_or_else(|e| {
                panic!(
                    "{backend:?} call {n} {path} as {who} with {sent:?}: no answer (a panic?): {e}"
                )
            });
            let status = res.status().as_u16();
            let body = res.text().await.unwrap_or_default();
            assert!(
                status < 500,
                "{backend:?} call {n} {path} as {who} with {sent:?}: {status} {body}"
            );
            for word in DATABASE_TEXT {
                assert!(
                    !body.contains(word),
                    "{backend:?} call {n} {path} as {who}: database text in {body}"
                );
            }
            let mut after = fingerprint(&app, &queries).await;
            if DEFERRED.contains(path) && status < 400 {
                after = settled(&app, &queries, after).await;
            }
            if status >= 400 {
                refused += 1;
                let changed: Vec<_> = after
                    .iter()
                    .filter(|(t, h)| before.get(*t) != Some(h))
                    .map(|(t, _)| t)
                    .collect();
                assert!(
                    changed.is_empty(),
                    "{backend:?} call {n} {path} as {who} was refused ({status}) yet changed {changed:?}: {body}"
                );
            } else {
                allowed += 1;
            }
            before = after;
        }
        let health = browser().get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200, "{backend:?}: still serving");
        println!(
            "{backend:?}: {total} fuzzed calls over {} functions: {refused} refused, {allowed} answered, 0 crashes",
            targets.len()
        );
    }
}
