use sea_orm::entity::prelude::*;

/// A chapter of a project (CtrlPrint), ordered by `position`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chapters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    /// The project's company, kept on the row for `core`'s filters.
    pub company_id: i64,
    pub name: String,
    pub position: i32,
    /// `template`, `text_exists` or `done`.
    pub status: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// Who has it checked out ("Edit chapter"), if anyone.
    pub locked_by: Option<i64>,
    /// Since when, with `locked_by`.
    pub locked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
