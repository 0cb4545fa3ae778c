use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub company_id: i64,
    pub department_id: Option<i64>,
    /// Who asked for the price.
    pub owner_id: i64,
    pub product_id: i64,
    pub title: String,
    pub quantity: i32,
    pub note: String,
    /// A `QuoteState` slug.
    pub state: String,
    /// The quoted price for all copies.
    pub price_cents: Option<i64>,
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<DateTimeUtc>,
    /// The order the quote became.
    pub order_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
