use sea_orm::entity::prelude::*;

/// A comment on a chapter, optionally about one page.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chapter_comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub chapter_id: i64,
    /// The page it is about (1 and up), if any.
    pub page: Option<i32>,
    pub body: String,
    /// `open`, `in_progress` or `done`.
    pub status: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub status_changed_by: Option<i64>,
    pub status_changed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
