//! Projects (CtrlPrint): a customer company's document projects, and roles
//! held at one project (Project Administrator).

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
enum Projects {
    Table,
    Id,
    CompanyId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RoleAssignments {
    Table,
    ProjectId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .col(big_pk_auto(Projects::Id))
                    .col(big_integer(Projects::CompanyId))
                    .col(string_len(Projects::Name, 120))
                    .col(timestamp_with_time_zone(Projects::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Projects::Table, Projects::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_projects_company_name")
                    .table(Projects::Table)
                    .col(Projects::CompanyId)
                    .col(Projects::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A role held at one project of the assignment's company.
        manager
            .alter_table(
                Table::alter()
                    .table(RoleAssignments::Table)
                    .add_column(big_integer_null(RoleAssignments::ProjectId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_role_assignments_project")
                    .table(RoleAssignments::Table)
                    .col(RoleAssignments::ProjectId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_role_assignments_project")
                    .table(RoleAssignments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RoleAssignments::Table)
                    .drop_column(RoleAssignments::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Projects::Table).to_owned())
            .await
    }
}
