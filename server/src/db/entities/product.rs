use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub company_id: i64,
    /// `None`: built for every department of the company.
    pub department_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub publication_type: String,
    pub price_cents: i64,
    pub active: bool,
    /// Copies on the printer's shelf; `None`: printed to order, not stocked.
    pub stock_on_hand: Option<i64>,
    /// At or below this the stock is low.
    pub low_stock_at: Option<i64>,
    /// What the orderer fills in or chooses: JSON `JobField`s.
    pub job_fields: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
