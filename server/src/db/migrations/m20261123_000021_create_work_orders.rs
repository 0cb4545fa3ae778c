//! The print partner's floor (Scantrust): partnerships with customer
//! companies, whose approved print jobs become the partner's work orders;
//! printing equipment and its calibration; each work order's secure codes
//! and its quality check on the printer app.

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
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Partnerships {
    Table,
    Id,
    PartnerId,
    CustomerId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Equipment {
    Table,
    Id,
    CompanyId,
    Name,
    CalibrationScore,
    CalibratedAt,
    CalibratedBy,
    ArchivedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkOrders {
    Table,
    Id,
    CompanyId,
    CustomerId,
    OrderId,
    Title,
    Quantity,
    State,
    CodesSeed,
    CodesAt,
    EquipmentId,
    QaScanned,
    QaVerified,
    QaBy,
    QaAt,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Partnerships::Table)
                    .col(big_pk_auto(Partnerships::Id))
                    .col(big_integer(Partnerships::PartnerId))
                    // Unique: a customer's jobs go to one print partner.
                    .col(big_integer(Partnerships::CustomerId).unique_key())
                    .col(timestamp_with_time_zone(Partnerships::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Partnerships::Table, Partnerships::PartnerId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Partnerships::Table, Partnerships::CustomerId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Equipment::Table)
                    .col(big_pk_auto(Equipment::Id))
                    .col(big_integer(Equipment::CompanyId))
                    .col(string_len(Equipment::Name, 120))
                    .col(integer_null(Equipment::CalibrationScore))
                    .col(timestamp_with_time_zone_null(Equipment::CalibratedAt))
                    .col(big_integer_null(Equipment::CalibratedBy))
                    .col(timestamp_with_time_zone_null(Equipment::ArchivedAt))
                    .col(timestamp_with_time_zone(Equipment::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Equipment::Table, Equipment::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkOrders::Table)
                    .col(big_pk_auto(WorkOrders::Id))
                    .col(big_integer(WorkOrders::CompanyId))
                    .col(big_integer(WorkOrders::CustomerId))
                    // Unique: a print job becomes at most one work order.
                    .col(big_integer(WorkOrders::OrderId).unique_key())
                    .col(string_len(WorkOrders::Title, 200))
                    .col(integer(WorkOrders::Quantity))
                    .col(string_len(WorkOrders::State, 24))
                    .col(string_len_null(WorkOrders::CodesSeed, 64))
                    .col(timestamp_with_time_zone_null(WorkOrders::CodesAt))
                    .col(big_integer_null(WorkOrders::EquipmentId))
                    .col(integer_null(WorkOrders::QaScanned))
                    .col(integer_null(WorkOrders::QaVerified))
                    .col(big_integer_null(WorkOrders::QaBy))
                    .col(timestamp_with_time_zone_null(WorkOrders::QaAt))
                    .col(timestamp_with_time_zone_null(WorkOrders::ArchivedAt))
                    .col(timestamp_with_time_zone(WorkOrders::CreatedAt))
                    .col(timestamp_with_time_zone(WorkOrders::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkOrders::Table, WorkOrders::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkOrders::Table, WorkOrders::CustomerId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkOrders::Table, WorkOrders::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkOrders::Table, WorkOrders::EquipmentId)
                            .to(Equipment::Table, Equipment::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_work_orders_company_state")
                    .table(WorkOrders::Table)
                    .col(WorkOrders::CompanyId)
                    .col(WorkOrders::State)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkOrders::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Equipment::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Partnerships::Table).to_owned())
            .await
    }
}
