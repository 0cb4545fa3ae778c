//! Failed sign-ins, wrong second-factor codes, reset requests and passkey
//! sign-ins started are counted in the database, not in one process: every
//! server behind the load balancer enforces the same limit.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AttemptCounters {
    Table,
    CounterKey,
    Attempts,
    WindowStartedAt,
}

#[derive(DeriveIden)]
enum WebauthnCeremonies {
    Table,
    ExpiresAt,
}

const BY_WINDOW: &str = "idx_attempt_counters_window_started_at";
const BY_EXPIRY: &str = "idx_webauthn_ceremonies_expires_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AttemptCounters::Table)
                    // What is limited and for whom, e.g. "sign_in:address:192.0.2.1".
                    .col(string_len(AttemptCounters::CounterKey, 320).primary_key())
                    .col(integer(AttemptCounters::Attempts))
                    .col(timestamp_with_time_zone(AttemptCounters::WindowStartedAt))
                    .to_owned(),
            )
            .await?;
        // Expired windows are swept out by their start.
        manager
            .create_index(
                Index::create()
                    .name(BY_WINDOW)
                    .table(AttemptCounters::Table)
                    .col(AttemptCounters::WindowStartedAt)
                    .to_owned(),
            )
            .await?;
        // Unfinished ceremonies are swept out and the live ones counted.
        manager
            .create_index(
                Index::create()
                    .name(BY_EXPIRY)
                    .table(WebauthnCeremonies::Table)
                    .col(WebauthnCeremonies::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(BY_EXPIRY)
                    .table(WebauthnCeremonies::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(AttemptCounters::Table).to_owned())
            .await
    }
}
