//! A print partner asks a customer company to print for it; the
//! partnership starts only when the customer's administrator accepts.
//! Kept apart from `partnerships` so a request never occupies the
//! customer's one partnership.

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
enum PartnershipRequests {
    Table,
    Id,
    PartnerId,
    CustomerId,
    RequestedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PartnershipRequests::Table)
                    .col(big_pk_auto(PartnershipRequests::Id))
                    .col(big_integer(PartnershipRequests::PartnerId))
                    .col(big_integer(PartnershipRequests::CustomerId))
                    .col(big_integer_null(PartnershipRequests::RequestedBy))
                    .col(timestamp_with_time_zone(PartnershipRequests::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PartnershipRequests::Table, PartnershipRequests::PartnerId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PartnershipRequests::Table, PartnershipRequests::CustomerId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Asking twice is one request.
        manager
            .create_index(
                Index::create()
                    .name("partnership_requests_partner_customer")
                    .table(PartnershipRequests::Table)
                    .col(PartnershipRequests::PartnerId)
                    .col(PartnershipRequests::CustomerId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PartnershipRequests::Table).to_owned())
            .await
    }
}
