//! Check-out locks on chapters (CtrlPrint): who holds a chapter for
//! editing and since when. Taken with one conditional update, so of two
//! people who click "Edit chapter" at once exactly one gets it. No
//! foreign key: SQLite adds none to a table it has, and accounts are
//! never deleted (they are deactivated), so a holder always exists.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Chapters {
    Table,
    LockedBy,
    LockedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Chapters::Table)
                    .add_column(big_integer_null(Chapters::LockedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Chapters::Table)
                    .add_column(timestamp_with_time_zone_null(Chapters::LockedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Chapters::LockedAt, Chapters::LockedBy] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Chapters::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
