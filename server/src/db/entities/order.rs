use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub company_id: i64,
    pub department_id: Option<i64>,
    /// Who ordered it.
    pub owner_id: i64,
    pub product_id: i64,
    /// The job's content as the orderer describes it.
    pub title: String,
    pub quantity: i32,
    pub price_cents: i64,
    /// A `core::ResourceState` slug.
    pub state: String,
    pub idempotency_key: Option<String>,
    /// SHA-256 of what was ordered, to refuse a reused key with other content.
    pub payload_hash: String,
    pub reorder_of: Option<i64>,
    /// While on hold: the `ResourceState` slug it was held in.
    pub held_from: Option<String>,
    /// Where it goes, as the address read when it was ordered.
    pub ship_to: Option<String>,
    /// Who ordered it for its owner (PrintJob's ordering on behalf).
    pub placed_by: Option<i64>,
    /// A stock replenishment: shipping it puts its copies on the product's
    /// shelf instead of sending them to a member.
    pub replenishes: bool,
    /// The product's fields as filled in: JSON `JobAnswer`s.
    pub job_answers: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
