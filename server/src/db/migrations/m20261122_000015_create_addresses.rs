//! Addresses (PrintJob): company addresses (optionally assigned to one
//! department) and personal addresses (with an owner, who may be an
//! inactive user); and on each order, where it goes and who placed it for
//! its owner.

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
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    ShipTo,
    PlacedBy,
}

#[derive(DeriveIden)]
enum Addresses {
    Table,
    Id,
    CompanyId,
    DepartmentId,
    OwnerId,
    Name,
    Street,
    Postcode,
    City,
    Country,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Addresses::Table)
                    .col(big_pk_auto(Addresses::Id))
                    .col(big_integer(Addresses::CompanyId))
                    // Company address: the department it is assigned to.
                    // Personal address: the owner's department when added.
                    .col(big_integer_null(Addresses::DepartmentId))
                    // NULL: a company address.
                    .col(big_integer_null(Addresses::OwnerId))
                    .col(string_len(Addresses::Name, 120))
                    .col(string_len(Addresses::Street, 200))
                    .col(string_len(Addresses::Postcode, 20))
                    .col(string_len(Addresses::City, 100))
                    .col(string_len(Addresses::Country, 60))
                    .col(timestamp_with_time_zone(Addresses::CreatedAt))
                    .col(timestamp_with_time_zone(Addresses::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Addresses::Table, Addresses::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Addresses::Table, Addresses::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Addresses::Table, Addresses::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_addresses_company_department",
                vec![Addresses::CompanyId, Addresses::DepartmentId, Addresses::Id],
            ),
            (
                "idx_addresses_owner",
                vec![Addresses::OwnerId, Addresses::Id],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Addresses::Table);
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(string_len_null(Orders::ShipTo, 500))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(big_integer_null(Orders::PlacedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Orders::PlacedBy, Orders::ShipTo] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Orders::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Addresses::Table).to_owned())
            .await
    }
}
