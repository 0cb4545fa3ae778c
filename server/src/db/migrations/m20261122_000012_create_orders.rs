//! The storefront: products, print jobs (orders), who is asked to approve
//! them, the one decision each gets, and external approvers' one-time links.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    OrdersNeedApproval,
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
enum Products {
    Table,
    Id,
    CompanyId,
    DepartmentId,
    Name,
    Description,
    PublicationType,
    PriceCents,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    CompanyId,
    DepartmentId,
    OwnerId,
    ProductId,
    Title,
    Quantity,
    PriceCents,
    State,
    IdempotencyKey,
    PayloadHash,
    ReorderOf,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrderApprovers {
    Table,
    OrderId,
    UserId,
}

#[derive(DeriveIden)]
enum ApprovalDecisions {
    Table,
    Id,
    OrderId,
    Approved,
    Comment,
    UserId,
    ExternalEmail,
    ClientAddr,
    DecidedAt,
}

#[derive(DeriveIden)]
enum ApprovalLinks {
    Table,
    TokenHash,
    OrderId,
    Email,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

fn to_orders(table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Orders::Table, Orders::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Public shops usually ship at once; company customers wait for approval.
        manager
            .alter_table(
                Table::alter()
                    .table(Companies::Table)
                    .add_column(boolean(Companies::OrdersNeedApproval).default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(big_pk_auto(Products::Id))
                    .col(big_integer(Products::CompanyId))
                    // NULL: every department of the company sees it.
                    .col(big_integer_null(Products::DepartmentId))
                    .col(string_len(Products::Name, 120))
                    .col(text(Products::Description))
                    .col(string_len(Products::PublicationType, 60))
                    .col(big_integer(Products::PriceCents))
                    .col(boolean(Products::Active))
                    .col(timestamp_with_time_zone(Products::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Products::Table, Products::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Products::Table, Products::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(big_pk_auto(Orders::Id))
                    .col(big_integer(Orders::CompanyId))
                    .col(big_integer_null(Orders::DepartmentId))
                    .col(big_integer(Orders::OwnerId))
                    .col(big_integer(Orders::ProductId))
                    .col(string_len(Orders::Title, 200))
                    .col(integer(Orders::Quantity))
                    .col(big_integer(Orders::PriceCents))
                    .col(string_len(Orders::State, 24))
                    .col(string_len_null(Orders::IdempotencyKey, 64))
                    .col(string_len(Orders::PayloadHash, 64))
                    .col(big_integer_null(Orders::ReorderOf))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone(Orders::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::ProductId)
                            .to(Products::Table, Products::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // One order per person and idempotency key, whatever races.
        let indexes = [
            (
                "idx_orders_owner_key",
                vec![Orders::OwnerId, Orders::IdempotencyKey],
                true,
            ),
            (
                "idx_orders_company_department",
                vec![Orders::CompanyId, Orders::DepartmentId, Orders::Id],
                false,
            ),
            ("idx_orders_owner", vec![Orders::OwnerId, Orders::Id], false),
            (
                "idx_orders_state",
                vec![Orders::State, Orders::CompanyId, Orders::Id],
                false,
            ),
        ];
        for (name, cols, unique) in indexes {
            let mut index = Index::create();
            index.name(name).table(Orders::Table);
            for c in cols {
                index.col(c);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(OrderApprovers::Table)
                    .col(big_integer(OrderApprovers::OrderId))
                    .col(big_integer(OrderApprovers::UserId))
                    .primary_key(
                        Index::create()
                            .col(OrderApprovers::OrderId)
                            .col(OrderApprovers::UserId),
                    )
                    .foreign_key(&mut to_orders(
                        OrderApprovers::Table,
                        OrderApprovers::OrderId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderApprovers::Table, OrderApprovers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_order_approvers_user")
                    .table(OrderApprovers::Table)
                    .col(OrderApprovers::UserId)
                    .col(OrderApprovers::OrderId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApprovalDecisions::Table)
                    .col(big_pk_auto(ApprovalDecisions::Id))
                    // Unique: an approval step is decided once.
                    .col(big_integer_uniq(ApprovalDecisions::OrderId))
                    .col(boolean(ApprovalDecisions::Approved))
                    .col(text(ApprovalDecisions::Comment))
                    .col(big_integer_null(ApprovalDecisions::UserId))
                    .col(string_len_null(ApprovalDecisions::ExternalEmail, 254))
                    .col(string_len_null(ApprovalDecisions::ClientAddr, 64))
                    .col(timestamp_with_time_zone(ApprovalDecisions::DecidedAt))
                    .foreign_key(&mut to_orders(
                        ApprovalDecisions::Table,
                        ApprovalDecisions::OrderId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApprovalLinks::Table)
                    .col(string_len(ApprovalLinks::TokenHash, 64).primary_key())
                    .col(big_integer(ApprovalLinks::OrderId))
                    .col(string_len(ApprovalLinks::Email, 254))
                    .col(timestamp_with_time_zone(ApprovalLinks::CreatedAt))
                    .col(timestamp_with_time_zone(ApprovalLinks::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApprovalLinks::UsedAt))
                    .foreign_key(&mut to_orders(ApprovalLinks::Table, ApprovalLinks::OrderId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApprovalLinks::Table.into_iden(),
            ApprovalDecisions::Table.into_iden(),
            OrderApprovers::Table.into_iden(),
            Orders::Table.into_iden(),
            Products::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Companies::Table)
                    .drop_column(Companies::OrdersNeedApproval)
                    .to_owned(),
            )
            .await
    }
}
