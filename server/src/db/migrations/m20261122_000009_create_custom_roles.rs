//! A company's own roles (PrintShop Mail Web "Create new roles"): a name, the
//! family they belong to, and the permissions each grants, at a reach. An
//! assignment names one as `custom:<id>` in `role_assignments.role`.

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
enum CustomRoles {
    Table,
    Id,
    CompanyId,
    Name,
    Family,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CustomRoleGrants {
    Table,
    RoleId,
    Permission,
    Reach,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CustomRoles::Table)
                    .col(big_pk_auto(CustomRoles::Id))
                    .col(big_integer(CustomRoles::CompanyId))
                    .col(string_len(CustomRoles::Name, 80))
                    .col(string_len(CustomRoles::Family, 32))
                    .col(timestamp_with_time_zone(CustomRoles::CreatedAt))
                    .col(timestamp_with_time_zone(CustomRoles::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomRoles::Table, CustomRoles::CompanyId)
                            .to(Companies::Table, Companies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Two roles of one company never share a name.
        manager
            .create_index(
                Index::create()
                    .name("idx_custom_roles_company_name")
                    .table(CustomRoles::Table)
                    .col(CustomRoles::CompanyId)
                    .col(CustomRoles::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomRoleGrants::Table)
                    .col(big_integer(CustomRoleGrants::RoleId))
                    // A permission slug from `core`.
                    .col(string_len(CustomRoleGrants::Permission, 64))
                    // `core::Reach::code`.
                    .col(small_integer(CustomRoleGrants::Reach))
                    .primary_key(
                        Index::create()
                            .col(CustomRoleGrants::RoleId)
                            .col(CustomRoleGrants::Permission)
                            .col(CustomRoleGrants::Reach),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomRoleGrants::Table, CustomRoleGrants::RoleId)
                            .to(CustomRoles::Table, CustomRoles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CustomRoleGrants::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CustomRoles::Table).to_owned())
            .await
    }
}
