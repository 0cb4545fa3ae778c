//! Member groups: named sets of a company's members that roles are given to,
//! so everyone in a group holds them through it.

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
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum MemberGroups {
    Table,
    Id,
    CompanyId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    UserId,
}

#[derive(DeriveIden)]
enum GroupRoles {
    Table,
    Id,
    GroupId,
    Role,
    DepartmentId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MemberGroups::Table)
                    .col(big_pk_auto(MemberGroups::Id))
                    .col(big_integer(MemberGroups::CompanyId))
                    .col(string_len(MemberGroups::Name, 80))
                    .col(timestamp_with_time_zone(MemberGroups::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MemberGroups::Table, MemberGroups::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_member_groups_company_name")
                    .table(MemberGroups::Table)
                    .col(MemberGroups::CompanyId)
                    .col(MemberGroups::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(big_integer(GroupMembers::GroupId))
                    .col(big_integer(GroupMembers::UserId))
                    .primary_key(
                        Index::create()
                            .col(GroupMembers::GroupId)
                            .col(GroupMembers::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMembers::Table, GroupMembers::GroupId)
                            .to(MemberGroups::Table, MemberGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMembers::Table, GroupMembers::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A role given to a group, at its company or one of its departments.
        manager
            .create_table(
                Table::create()
                    .table(GroupRoles::Table)
                    .col(big_pk_auto(GroupRoles::Id))
                    .col(big_integer(GroupRoles::GroupId))
                    // A built-in role's slug or `custom:<id>`.
                    .col(string_len(GroupRoles::Role, 64))
                    .col(big_integer_null(GroupRoles::DepartmentId))
                    .col(timestamp_with_time_zone(GroupRoles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupRoles::Table, GroupRoles::GroupId)
                            .to(MemberGroups::Table, MemberGroups::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupRoles::Table, GroupRoles::DepartmentId)
                            .to(Departments::Table, Departments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_group_members_user")
                    .table(GroupMembers::Table)
                    .col(GroupMembers::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GroupRoles::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(GroupMembers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MemberGroups::Table).to_owned())
            .await
    }
}
