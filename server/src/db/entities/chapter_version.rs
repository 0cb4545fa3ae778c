use sea_orm::entity::prelude::*;

/// One version of a chapter: a document and its PDF, in the storage under
/// `document_key` and `pdf_key`. Numbered 1, 2, … per chapter.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chapter_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub chapter_id: i64,
    pub number: i32,
    pub document_key: String,
    /// The file name it was uploaded with (shown and offered on download).
    pub document_name: String,
    pub document_size: i64,
    /// Lowercase hex.
    pub document_sha256: String,
    pub pdf_key: String,
    pub pdf_size: i64,
    pub pdf_sha256: String,
    pub pdf_pages: i32,
    /// The version comment ("Add version comments"), if any.
    pub comment: Option<String>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
