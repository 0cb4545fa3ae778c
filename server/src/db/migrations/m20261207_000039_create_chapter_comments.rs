//! Comments on chapters (CtrlPrint: "Add comments", "Change comment
//! status", "Delete comments"): optionally about one page, with a status
//! (open, in progress, done) and who changed it last. Deleted with their
//! chapter.

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
enum ChapterComments {
    Table,
    Id,
    ChapterId,
    Page,
    Body,
    Status,
    CreatedBy,
    CreatedAt,
    StatusChangedBy,
    StatusChangedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChapterComments::Table)
                    .col(big_pk_auto(ChapterComments::Id))
                    .col(big_integer(ChapterComments::ChapterId))
                    .col(integer_null(ChapterComments::Page))
                    .col(text(ChapterComments::Body))
                    // open | in_progress | done
                    .col(string_len(ChapterComments::Status, 20))
                    .col(big_integer(ChapterComments::CreatedBy))
                    .col(timestamp_with_time_zone(ChapterComments::CreatedAt))
                    .col(big_integer_null(ChapterComments::StatusChangedBy))
                    .col(timestamp_with_time_zone_null(
                        ChapterComments::StatusChangedAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChapterComments::Table, ChapterComments::ChapterId)
                            .to(Chapters::Table, Chapters::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chapter_comments_chapter")
                    .table(ChapterComments::Table)
                    .col(ChapterComments::ChapterId)
                    .col(ChapterComments::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChapterComments::Table).to_owned())
            .await
    }
}
