//! One number that changes whenever anything a principal is built from
//! changes: each server process caches resolved sessions and checks this
//! number on every request, so a change made through any process (or by
//! hand in the database) reaches all of them on their next request.
//! Triggers bump it, so no code path can forget to.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables `identity::load` reads, with the columns it reads where a
/// table also holds others that change often (`None`: any change counts).
/// Inserts into `users`, `departments` and `projects` change nobody's
/// principal until something else refers to the new row.
const FEEDS: &[(&str, Option<&str>, bool)] = &[
    // (table, columns whose update counts, whether an insert counts)
    ("users", Some("state, email, display_name"), false),
    ("role_assignments", None, true),
    ("department_members", None, true),
    ("department_publication_types", None, true),
    ("member_groups", Some("name, company_id"), true),
    ("group_members", None, true),
    ("group_roles", None, true),
    ("custom_roles", Some("name, family, company_id"), true),
    ("custom_role_grants", None, true),
    // A new customer of a dealer is a managed tenant of its Tenant Managers.
    ("companies", Some("name, dealer_id"), true),
    ("departments", Some("name, company_id"), false),
    ("projects", Some("name, company_id"), false),
];

fn update_event(columns: Option<&str>) -> String {
    match columns {
        Some(c) => format!("UPDATE OF {c}"),
        None => "UPDATE".to_string(),
    }
}

fn sqlite_up() -> Vec<String> {
    let mut out = vec![
        "CREATE TABLE principal_version (id INTEGER PRIMARY KEY NOT NULL, version BIGINT NOT NULL)"
            .to_string(),
        "INSERT INTO principal_version (id, version) VALUES (1, 0)".to_string(),
    ];
    for (table, columns, on_insert) in FEEDS {
        let mut events = vec![
            ("update", update_event(*columns)),
            ("delete", "DELETE".into()),
        ];
        if *on_insert {
            events.push(("insert", "INSERT".into()));
        }
        for (name, event) in events {
            out.push(format!(
                "CREATE TRIGGER principal_version_{table}_{name} AFTER {event} ON {table} \
                 BEGIN UPDATE principal_version SET version = version + 1 WHERE id = 1; END"
            ));
        }
    }
    out
}

fn postgres_up() -> Vec<String> {
    let mut out = vec![
        "CREATE TABLE principal_version (id INTEGER PRIMARY KEY NOT NULL, version BIGINT NOT NULL)"
            .to_string(),
        "INSERT INTO principal_version (id, version) VALUES (1, 0)".to_string(),
        "CREATE FUNCTION bump_principal_version() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN UPDATE principal_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$"
            .to_string(),
    ];
    for (table, columns, on_insert) in FEEDS {
        let mut events = vec![update_event(*columns), "DELETE".to_string()];
        if *on_insert {
            events.push("INSERT".to_string());
        }
        // Once per statement: a bulk change bumps the number once.
        out.push(format!(
            "CREATE TRIGGER principal_version_{table} AFTER {} ON {table} \
             FOR EACH STATEMENT EXECUTE FUNCTION bump_principal_version()",
            events.join(" OR ")
        ));
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => postgres_up(),
            _ => sqlite_up(),
        };
        let conn = manager.get_connection();
        for sql in statements {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        for (table, _, _) in FEEDS {
            if postgres {
                conn.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS principal_version_{table} ON {table}"
                ))
                .await?;
            } else {
                for name in ["update", "delete", "insert"] {
                    conn.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS principal_version_{table}_{name}"
                    ))
                    .await?;
                }
            }
        }
        if postgres {
            conn.execute_unprepared("DROP FUNCTION IF EXISTS bump_principal_version()")
                .await?;
        }
        conn.execute_unprepared("DROP TABLE principal_version")
            .await?;
        Ok(())
    }
}
