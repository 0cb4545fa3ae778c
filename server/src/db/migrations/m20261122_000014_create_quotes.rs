//! Quotes: a price asked before ordering, answered by the quote manager,
//! turned into an order or declined.

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
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Quotes {
    Table,
    Id,
    CompanyId,
    DepartmentId,
    OwnerId,
    ProductId,
    Title,
    Quantity,
    Note,
    State,
    PriceCents,
    Answer,
    AnsweredBy,
    AnsweredAt,
    OrderId,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Quotes::Table)
                    .col(big_pk_auto(Quotes::Id))
                    .col(big_integer(Quotes::CompanyId))
                    .col(big_integer_null(Quotes::DepartmentId))
                    .col(big_integer(Quotes::OwnerId))
                    .col(big_integer(Quotes::ProductId))
                    .col(string_len(Quotes::Title, 200))
                    .col(integer(Quotes::Quantity))
                    .col(text(Quotes::Note))
                    .col(string_len(Quotes::State, 24))
                    .col(big_integer_null(Quotes::PriceCents))
                    .col(text_null(Quotes::Answer))
                    .col(big_integer_null(Quotes::AnsweredBy))
                    .col(timestamp_with_time_zone_null(Quotes::AnsweredAt))
                    // Unique: a quote becomes at most one order.
                    .col(big_integer_null(Quotes::OrderId).unique_key())
                    .col(timestamp_with_time_zone(Quotes::CreatedAt))
                    .col(timestamp_with_time_zone(Quotes::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Quotes::Table, Quotes::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Quotes::Table, Quotes::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Quotes::Table, Quotes::ProductId)
                            .to(Products::Table, Products::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Quotes::Table, Quotes::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        let indexes = [
            (
                "idx_quotes_company_department",
                vec![Quotes::CompanyId, Quotes::DepartmentId, Quotes::Id],
            ),
            ("idx_quotes_owner", vec![Quotes::OwnerId, Quotes::Id]),
            (
                "idx_quotes_state",
                vec![Quotes::State, Quotes::CompanyId, Quotes::Id],
            ),
        ];
        for (name, cols) in indexes {
            let mut index = Index::create();
            index.name(name).table(Quotes::Table);
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Quotes::Table).to_owned())
            .await
    }
}
