//! The whole database as one comparable value: every column of every row of
//! every table, on SQLite and PostgreSQL, so a test can say "this refused
//! call wrote nothing" and mean it. Two things legitimately change on any
//! request and are left out, each named below.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

use crate::common::TestApp;

/// Columns left out, as (table, column), and why:
/// - `sessions.last_seen_at`: any request touches it (at most once a
///   minute), which is how idle sessions expire.
const SKIPPED_COLUMNS: &[(&str, &str)] = &[("sessions", "last_seen_at")];

/// Rows left out, as (table, column, value, column, value): the audit
/// record of a refusal (`authorization`, `denied`), which the design asks
/// every 403 to write. Every other audit row is compared.
const SKIPPED_ROWS: &[(&str, &str, &str, &str, &str)] = &[(
    "audit_events",
    "action",
    "authorization",
    "outcome",
    "denied",
)];

/// One table: its column names and its rows (each column as text, `None`
/// for NULL), sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

/// Every table by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot(pub BTreeMap<String, Table>);

async fn texts(conn: &DatabaseConnection, sql: String, width: usize) -> Vec<Vec<Option<String>>> {
    let backend = conn.get_database_backend();
    conn.query_all_raw(Statement::from_string(backend, sql.clone()))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .map(|r| {
            (0..width)
                .map(|i| r.try_get_by_index::<Option<String>>(i).unwrap())
                .collect()
        })
        .collect()
}

async fn names(conn: &DatabaseConnection, sql: String) -> Vec<String> {
    texts(conn, sql, 1)
        .await
        .into_iter()
        .filter_map(|mut r| r.pop().flatten())
        .collect()
}

/// Every table's columns and the query that reads all of its rows, read
/// once for many snapshots.
pub struct Schema(Vec<(String, Vec<String>, String)>);

/// The tables of `app`'s database.
pub async fn schema(app: &TestApp) -> Schema {
    let conn = &app.db.read;
    let sqlite = conn.get_database_backend() == DatabaseBackend::Sqlite;
    let tables = names(
        conn,
        if sqlite {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        } else {
            "SELECT CAST(table_name AS text) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
        .to_string(),
    )
    .await;
    assert!(tables.len() > 10, "no tables? {tables:?}");
    let mut out = Vec::new();
    for table in tables {
        let columns: Vec<String> = names(
            conn,
            if sqlite {
                format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
            } else {
                format!(
                    "SELECT CAST(column_name AS text) FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = '{table}' \
                     ORDER BY ordinal_position"
                )
            },
        )
        .await
        .into_iter()
        .filter(|c| !SKIPPED_COLUMNS.contains(&(table.as_str(), c.as_str())))
        .collect();
        // Every column as text: quote() on SQLite keeps integers, reals,
        // texts and blobs apart; a cast to text on PostgreSQL.
        let select: Vec<String> = columns
            .iter()
            .map(|c| {
                if sqlite {
                    format!("quote(\"{c}\")")
                } else {
                    format!("CAST(\"{c}\" AS text)")
                }
            })
            .collect();
        let mut filter = String::new();
        for (t, c1, v1, c2, v2) in SKIPPED_ROWS {
            if *t == table {
                filter = format!(" WHERE NOT (\"{c1}\" = '{v1}' AND \"{c2}\" = '{v2}')");
            }
        }
        let sql = format!("SELECT {} FROM \"{table}\"{filter}", select.join(", "));
        out.push((table, columns, sql));
    }
    Schema(out)
}

impl Schema {
    /// The database of `app` now.
    pub async fn snapshot(&self, app: &TestApp) -> Snapshot {
        let mut out = BTreeMap::new();
        for (table, columns, sql) in &self.0 {
            let mut rows = texts(&app.db.read, sql.clone(), columns.len()).await;
            rows.sort();
            let columns = columns.clone();
            out.insert(table.clone(), Table { columns, rows });
        }
        Snapshot(out)
    }
}

/// The database of `app` now.
pub async fn snapshot(app: &TestApp) -> Snapshot {
    schema(app).await.snapshot(app).await
}

impl Snapshot {
    /// How many rows there are in all.
    pub fn rows(&self) -> usize {
        self.0.values().map(|t| t.rows.len()).sum()
    }

    /// The first table that differs from `before`, with the rows gone and
    /// the rows new, readably; `None` when nothing differs.
    pub fn diff(&self, before: &Snapshot) -> Option<String> {
        let empty = Table {
            columns: Vec::new(),
            rows: Vec::new(),
        };
        let names: std::collections::BTreeSet<&String> =
            self.0.keys().chain(before.0.keys()).collect();
        for name in names {
            let (old, new) = (
                before.0.get(name).unwrap_or(&empty),
                self.0.get(name).unwrap_or(&empty),
            );
            if old == new {
                continue;
            }
            let columns = if new.columns.is_empty() {
                &old.columns
            } else {
                &new.columns
            };
            let show = |row: &Vec<Option<String>>| {
                columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| format!("{c}={}", v.as_deref().unwrap_or("NULL")))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut text = format!("table {name} changed:\n");
            if old.columns != new.columns {
                text += &format!("  columns {:?} -> {:?}\n", old.columns, new.columns);
            }
            for row in old.rows.iter().filter(|r| !new.rows.contains(r)) {
                text += &format!("  - {}\n", show(row));
            }
            for row in new.rows.iter().filter(|r| !old.rows.contains(r)) {
                text += &format!("  + {}\n", show(row));
            }
            return Some(text);
        }
        None
    }

    /// Panics with the first differing table unless the database is as it
    /// was in `before`.
    pub fn assert_unchanged_since(&self, before: &Snapshot, what: &str) {
        if let Some(diff) = self.diff(before) {
            panic!("{what} wrote to the database:\n{diff}");
        }
    }
}

#[tokio::test]
async fn a_snapshot_sees_every_table_and_a_change_to_any_column() {
    use imprimatur_server::db::entities::product;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    for backend in crate::common::backends() {
        let app = crate::common::spawn(backend).await;
        let before = snapshot(&app).await;
        assert!(before.0.contains_key("orders"), "{backend:?}");
        assert!(before.rows() > 50, "{backend:?}: {}", before.rows());
        assert_eq!(snapshot(&app).await, before, "{backend:?}: deterministic");
        let p = product::Entity::find()
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let mut changed: product::ActiveModel = p.into();
        changed.description = Set("changed by the test".into());
        changed.update(app.db.writer()).await.unwrap();
        let after = snapshot(&app).await;
        let diff = after.diff(&before).expect("a difference");
        assert!(
            diff.starts_with("table products changed")
                && diff.contains("+ ")
                && diff.contains("changed by the test"),
            "{backend:?}: {diff}"
        );
    }
}
