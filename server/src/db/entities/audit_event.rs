use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub action: String,
    pub outcome: String,
    pub actor_id: Option<i64>,
    /// The platform admin behind an impersonated actor.
    pub real_actor_id: Option<i64>,
    pub subject_id: Option<i64>,
    pub company_id: Option<i64>,
    pub client_addr: Option<String>,
    /// The chapter the record is about (no foreign key: records outlive
    /// deleted chapters).
    pub chapter_id: Option<i64>,
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
