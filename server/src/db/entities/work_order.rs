use sea_orm::entity::prelude::*;

/// A customer's approved print job at its print partner.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "work_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The print partner.
    pub company_id: i64,
    pub customer_id: i64,
    pub order_id: i64,
    pub title: String,
    /// Copies, and so secure codes.
    pub quantity: i32,
    /// A `WorkOrderState` slug.
    pub state: String,
    /// The secret the codes derive from; `None` until generated.
    pub codes_seed: Option<String>,
    pub codes_at: Option<DateTimeUtc>,
    /// Where the quality check was printed.
    pub equipment_id: Option<i64>,
    pub qa_scanned: Option<i32>,
    pub qa_verified: Option<i32>,
    pub qa_by: Option<i64>,
    pub qa_at: Option<DateTimeUtc>,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
