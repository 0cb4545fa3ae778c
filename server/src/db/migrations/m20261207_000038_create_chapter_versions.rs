//! Chapter versions (CtrlPrint): each check-in (and the first upload into
//! an empty chapter) adds one, numbered 1, 2, … per chapter. A version is
//! a document (InDesign, Word, …) and its PDF; the bytes are in the
//! storage under random keys, the database keeps their keys, sizes and
//! SHA-256. Deleted with their chapter.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Chapters {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ChapterVersions {
    Table,
    Id,
    ChapterId,
    Number,
    DocumentKey,
    DocumentName,
    DocumentSize,
    DocumentSha256,
    PdfKey,
    PdfSize,
    PdfSha256,
    PdfPages,
    Comment,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChapterVersions::Table)
                    .col(big_pk_auto(ChapterVersions::Id))
                    .col(big_integer(ChapterVersions::ChapterId))
                    .col(integer(ChapterVersions::Number))
                    .col(string_len(ChapterVersions::DocumentKey, 64))
                    .col(string_len(ChapterVersions::DocumentName, 255))
                    .col(big_integer(ChapterVersions::DocumentSize))
                    .col(string_len(ChapterVersions::DocumentSha256, 64))
                    .col(string_len(ChapterVersions::PdfKey, 64))
                    .col(big_integer(ChapterVersions::PdfSize))
                    .col(string_len(ChapterVersions::PdfSha256, 64))
                    .col(integer(ChapterVersions::PdfPages))
                    .col(text_null(ChapterVersions::Comment))
                    .col(big_integer(ChapterVersions::CreatedBy))
                    .col(timestamp_with_time_zone(ChapterVersions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChapterVersions::Table, ChapterVersions::ChapterId)
                            .to(Chapters::Table, Chapters::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Two check-ins cannot both become version n+1.
        manager
            .create_index(
                Index::create()
                    .name("idx_chapter_versions_number")
                    .table(ChapterVersions::Table)
                    .col(ChapterVersions::ChapterId)
                    .col(ChapterVersions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChapterVersions::Table).to_owned())
            .await
    }
}
