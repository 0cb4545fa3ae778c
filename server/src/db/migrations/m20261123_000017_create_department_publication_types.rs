//! Publication types assigned to departments (PrintShop Mail Web): a
//! department with rows here orders only products of those types; one with
//! none orders every type.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DepartmentPublicationTypes {
    Table,
    DepartmentId,
    PublicationType,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DepartmentPublicationTypes::Table)
                    .col(big_integer(DepartmentPublicationTypes::DepartmentId))
                    .col(string_len(DepartmentPublicationTypes::PublicationType, 60))
                    .primary_key(
                        Index::create()
                            .col(DepartmentPublicationTypes::DepartmentId)
                            .col(DepartmentPublicationTypes::PublicationType),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                DepartmentPublicationTypes::Table,
                                DepartmentPublicationTypes::DepartmentId,
                            )
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(DepartmentPublicationTypes::Table)
                    .to_owned(),
            )
            .await
    }
}
