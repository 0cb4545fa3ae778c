use sea_orm::entity::prelude::*;

/// The one decision on an order's approval, kept for accountability.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "approval_decisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub order_id: i64,
    pub approved: bool,
    pub comment: String,
    /// The member who decided, or `None` for an external approver.
    pub user_id: Option<i64>,
    pub external_email: Option<String>,
    pub client_addr: Option<String>,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
