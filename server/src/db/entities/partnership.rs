use sea_orm::entity::prelude::*;

/// A customer company whose approved print jobs a print partner prints.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partnerships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The print partner.
    pub partner_id: i64,
    pub customer_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
