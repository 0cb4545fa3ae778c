//! The chapter an audit record is about, so a chapter's log is its own
//! records (found by id) and not every record naming a chapter of its
//! name. Nullable: most records are about no chapter, and the ones made
//! before this migration name their chapter only in their detail. No
//! foreign key: records outlive the chapters they are about.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    ChapterId,
    Id,
}

const NAME: &str = "idx_audit_events_chapter_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(big_integer_null(AuditEvents::ChapterId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(AuditEvents::Table)
                    .col(AuditEvents::ChapterId)
                    .col(AuditEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NAME)
                    .table(AuditEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .drop_column(AuditEvents::ChapterId)
                    .to_owned(),
            )
            .await
    }
}
