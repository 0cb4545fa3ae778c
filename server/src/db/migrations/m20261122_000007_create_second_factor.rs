//! Second factors: authenticator apps (TOTP), recovery codes, who must use
//! one (per member, per company, for platform staff), and sign-ins that
//! wait for one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    RequireSecondFactor,
    EnrolSecondFactor,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    RequireSecondFactor,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    SecondFactorStep,
}

#[derive(DeriveIden)]
enum TotpAuthenticators {
    Table,
    UserId,
    Secret,
    ConfirmedAt,
    LastStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PlatformSettings {
    Table,
    Id,
    StaffRequireSecondFactor,
}

/// SQLite alters one column per statement.
async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    let mut column = column;
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

async fn drop_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Users::Table,
            boolean(Users::RequireSecondFactor)
                .default(false)
                .to_owned(),
        )
        .await?;
        add_column(
            manager,
            Users::Table,
            boolean(Users::EnrolSecondFactor).default(false).to_owned(),
        )
        .await?;
        add_column(
            manager,
            Companies::Table,
            boolean(Companies::RequireSecondFactor)
                .default(false)
                .to_owned(),
        )
        .await?;
        // NULL: a full session; "verify" or "enrol": the password was right
        // and the second factor is still to come.
        add_column(
            manager,
            Sessions::Table,
            string_len_null(Sessions::SecondFactorStep, 8),
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(TotpAuthenticators::Table)
                    .col(big_integer(TotpAuthenticators::UserId).primary_key())
                    // Base32, as authenticator apps take it.
                    .col(string_len(TotpAuthenticators::Secret, 64))
                    // NULL until the person has typed a first code.
                    .col(timestamp_with_time_zone_null(
                        TotpAuthenticators::ConfirmedAt,
                    ))
                    // The last 30-second step used, so no code works twice.
                    .col(big_integer_null(TotpAuthenticators::LastStep))
                    .col(timestamp_with_time_zone(TotpAuthenticators::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TotpAuthenticators::Table, TotpAuthenticators::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(big_pk_auto(RecoveryCodes::Id))
                    .col(big_integer(RecoveryCodes::UserId))
                    // SHA-256 of the code; the code itself is shown once.
                    .col(string_len_uniq(RecoveryCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .col(timestamp_with_time_zone(RecoveryCodes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecoveryCodes::Table, RecoveryCodes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_user")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlatformSettings::Table)
                    .col(integer(PlatformSettings::Id).primary_key())
                    .col(boolean(PlatformSettings::StaffRequireSecondFactor).default(false))
                    .to_owned(),
            )
            .await?;
        let mut row = Query::insert();
        row.into_table(PlatformSettings::Table)
            .columns([
                PlatformSettings::Id,
                PlatformSettings::StaffRequireSecondFactor,
            ])
            .values([1.into(), false.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        manager.exec_stmt(row).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlatformSettings::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RecoveryCodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TotpAuthenticators::Table).to_owned())
            .await?;
        drop_column(manager, Sessions::Table, Sessions::SecondFactorStep).await?;
        drop_column(manager, Companies::Table, Companies::RequireSecondFactor).await?;
        drop_column(manager, Users::Table, Users::EnrolSecondFactor).await?;
        drop_column(manager, Users::Table, Users::RequireSecondFactor).await
    }
}
