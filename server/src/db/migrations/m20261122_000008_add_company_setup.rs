//! What a company is set up with (Dispatcher's tenant settings): where its
//! data lives and how its people sign in, both chosen once; the e-mail
//! domains its external approvers may use (PrintJob); and the dealer that
//! manages it, if any.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    DataRegion,
    AuthMethod,
    ApproverDomains,
    DealerId,
}

/// SQLite alters one column per statement.
async fn add(manager: &SchemaManager<'_>, mut column: ColumnDef) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Companies::Table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

async fn drop(manager: &SchemaManager<'_>, column: Companies) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(Companies::Table)
                .drop_column(column)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(
            manager,
            string_len(Companies::DataRegion, 16)
                .default("eu")
                .to_owned(),
        )
        .await?;
        add(
            manager,
            string_len(Companies::AuthMethod, 32)
                .default("password_and_passkeys")
                .to_owned(),
        )
        .await?;
        // One domain a line, lower case.
        add(
            manager,
            string_len(Companies::ApproverDomains, 2000)
                .default("")
                .to_owned(),
        )
        .await?;
        // The dealer company managing this one (Dispatcher's tenant manager).
        add(manager, big_integer_null(Companies::DealerId)).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_companies_dealer")
                    .table(Companies::Table)
                    .col(Companies::DealerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_companies_dealer")
                    .table(Companies::Table)
                    .to_owned(),
            )
            .await?;
        drop(manager, Companies::DealerId).await?;
        drop(manager, Companies::ApproverDomains).await?;
        drop(manager, Companies::AuthMethod).await?;
        drop(manager, Companies::DataRegion).await
    }
}
