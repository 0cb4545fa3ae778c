use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub user_id: i64,
    /// A built-in role's slug or `custom:<id>`; given when the person accepts.
    pub role: String,
    pub company_id: i64,
    pub department_id: Option<i64>,
    /// A project of the company, for a role given at the project.
    pub project_id: Option<i64>,
    pub invited_by: Option<i64>,
    /// pending, accepted or cancelled.
    pub state: String,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
