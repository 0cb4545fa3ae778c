//! Chapters of a project (CtrlPrint), ordered, with a status, and the
//! per-user chapter levels (Read & Comment, InCopy, InDesign). A change to
//! the levels changes principals: triggers bump `principal_version`, as
//! `m20261205_000035_version_principals` does for the other tables.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Chapters {
    Table,
    Id,
    ProjectId,
    CompanyId,
    Name,
    Position,
    Status,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ChapterGrants {
    Table,
    Id,
    ChapterId,
    UserId,
    Level,
    CreatedAt,
}

/// (table, columns whose update counts, whether an insert counts): what
/// `identity::load` reads of these tables.
const FEEDS: &[(&str, Option<&str>, bool)] = &[
    ("chapter_grants", None, true),
    ("chapters", Some("project_id, company_id"), false),
];

fn update_event(columns: Option<&str>) -> String {
    match columns {
        Some(c) => format!("UPDATE OF {c}"),
        None => "UPDATE".to_string(),
    }
}

fn sqlite_triggers() -> Vec<String> {
    let mut out = Vec::new();
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

fn postgres_triggers() -> Vec<String> {
    let mut out = Vec::new();
    for (table, columns, on_insert) in FEEDS {
        let mut events = vec![update_event(*columns), "DELETE".to_string()];
        if *on_insert {
            events.push("INSERT".to_string());
        }
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
        manager
            .create_table(
                Table::create()
                    .table(Chapters::Table)
                    .col(big_pk_auto(Chapters::Id))
                    .col(big_integer(Chapters::ProjectId))
                    .col(big_integer(Chapters::CompanyId))
                    .col(string_len(Chapters::Name, 120))
                    .col(integer(Chapters::Position))
                    // template | text_exists | done
                    .col(string_len(Chapters::Status, 20))
                    .col(boolean(Chapters::Active))
                    .col(timestamp_with_time_zone(Chapters::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Chapters::Table, Chapters::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Chapters::Table, Chapters::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chapters_project_name")
                    .table(Chapters::Table)
                    .col(Chapters::ProjectId)
                    .col(Chapters::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chapters_project_position")
                    .table(Chapters::Table)
                    .col(Chapters::ProjectId)
                    .col(Chapters::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChapterGrants::Table)
                    .col(big_pk_auto(ChapterGrants::Id))
                    .col(big_integer(ChapterGrants::ChapterId))
                    .col(big_integer(ChapterGrants::UserId))
                    // read_comment | in_copy | in_design
                    .col(string_len(ChapterGrants::Level, 20))
                    .col(timestamp_with_time_zone(ChapterGrants::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChapterGrants::Table, ChapterGrants::ChapterId)
                            .to(Chapters::Table, Chapters::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChapterGrants::Table, ChapterGrants::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chapter_grants_chapter_user")
                    .table(ChapterGrants::Table)
                    .col(ChapterGrants::ChapterId)
                    .col(ChapterGrants::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chapter_grants_user")
                    .table(ChapterGrants::Table)
                    .col(ChapterGrants::UserId)
                    .to_owned(),
            )
            .await?;
        let triggers = match manager.get_database_backend() {
            DbBackend::Postgres => postgres_triggers(),
            _ => sqlite_triggers(),
        };
        let conn = manager.get_connection();
        for sql in triggers {
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
        manager
            .drop_table(Table::drop().table(ChapterGrants::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Chapters::Table).to_owned())
            .await
    }
}
