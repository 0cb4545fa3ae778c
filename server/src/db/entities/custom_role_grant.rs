use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "custom_role_grants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub role_id: i64,
    /// A permission slug from `core`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub permission: String,
    /// `core::Reach::code`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub reach: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
