//! Companies, departments and the roles people hold in them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    Name,
    Slug,
    Kind,
    CustomerFamily,
    IsPublic,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    CompanyId,
    Name,
}

#[derive(DeriveIden)]
enum DepartmentMembers {
    Table,
    DepartmentId,
    UserId,
}

#[derive(DeriveIden)]
enum RoleAssignments {
    Table,
    Id,
    UserId,
    Role,
    CompanyId,
    DepartmentId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Companies::Table)
                    .col(big_pk_auto(Companies::Id))
                    .col(string_len(Companies::Name, 200))
                    .col(string_len_uniq(Companies::Slug, 63))
                    .col(string_len(Companies::Kind, 16))
                    .col(string_len_null(Companies::CustomerFamily, 16))
                    .col(boolean(Companies::IsPublic).default(false))
                    .col(timestamp_with_time_zone(Companies::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(big_pk_auto(Departments::Id))
                    .col(big_integer(Departments::CompanyId))
                    .col(string_len(Departments::Name, 200))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Departments::Table, Departments::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_departments_company_name")
                    .table(Departments::Table)
                    .col(Departments::CompanyId)
                    .col(Departments::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DepartmentMembers::Table)
                    .col(big_integer(DepartmentMembers::DepartmentId))
                    .col(big_integer(DepartmentMembers::UserId))
                    .primary_key(
                        Index::create()
                            .col(DepartmentMembers::DepartmentId)
                            .col(DepartmentMembers::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DepartmentMembers::Table, DepartmentMembers::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DepartmentMembers::Table, DepartmentMembers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RoleAssignments::Table)
                    .col(big_pk_auto(RoleAssignments::Id))
                    .col(big_integer(RoleAssignments::UserId))
                    // The role's stable slug from `core`.
                    .col(string_len(RoleAssignments::Role, 64))
                    // Both null: platform scope; company only: company scope.
                    .col(big_integer_null(RoleAssignments::CompanyId))
                    .col(big_integer_null(RoleAssignments::DepartmentId))
                    .col(timestamp_with_time_zone(RoleAssignments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RoleAssignments::Table, RoleAssignments::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RoleAssignments::Table, RoleAssignments::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RoleAssignments::Table, RoleAssignments::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_role_assignments_user")
                    .table(RoleAssignments::Table)
                    .col(RoleAssignments::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RoleAssignments::Table.into_iden(),
            DepartmentMembers::Table.into_iden(),
            Departments::Table.into_iden(),
            Companies::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
