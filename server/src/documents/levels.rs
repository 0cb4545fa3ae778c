//! Chapter levels: who holds Read & Comment, InCopy or InDesign on which
//! chapter. Each change bumps the principal version (a trigger), so the
//! holder's next request is decided on the new level.

use chrono::Utc;
use imprimatur_app::documents::model::{ChapterFacts, LevelHeld, level_from_slug, level_slug};
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::ChapterLevel;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationDef, Set,
};

use crate::audit::{self, Event, actor};
use crate::db::Db;
use crate::db::entities::{chapter, chapter_grant, user};
use crate::error::{ServerError, internal};

fn holder() -> RelationDef {
    chapter_grant::Entity::belongs_to(user::Entity)
        .from(chapter_grant::Column::UserId)
        .to(user::Column::Id)
        .into()
}

fn level(slug: &str) -> Result<ChapterLevel, ServerError> {
    level_from_slug(slug)
        .ok_or_else(|| ServerError::Corrupt(format!("unknown chapter level {slug:?}")))
}

/// Everyone's level on each of `chapters`, by name: one query.
pub async fn on_chapters<C: ConnectionTrait>(
    conn: &C,
    chapters: &[i64],
) -> Result<Vec<(i64, LevelHeld)>, ServerError> {
    if chapters.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, i64, String, String, String)> = chapter_grant::Entity::find()
        .select_only()
        .column(chapter_grant::Column::ChapterId)
        .column(chapter_grant::Column::UserId)
        .column(chapter_grant::Column::Level)
        .column(user::Column::DisplayName)
        .column(user::Column::Email)
        .join(JoinType::InnerJoin, holder())
        .filter(chapter_grant::Column::ChapterId.is_in(chapters.to_vec()))
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    rows.into_iter()
        .map(|(chapter_id, user_id, slug, name, email)| {
            Ok((
                chapter_id,
                LevelHeld {
                    user_id,
                    name,
                    email,
                    level: level(&slug)?,
                },
            ))
        })
        .collect()
}

pub async fn delete_on_chapter(txn: &DatabaseTransaction, chapter_id: i64) -> Result<(), AppError> {
    chapter_grant::Entity::delete_many()
        .filter(chapter_grant::Column::ChapterId.eq(chapter_id))
        .exec(txn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Gives `user_id` `level` on the chapter, or takes theirs away.
pub async fn set(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    c: &ChapterFacts,
    user_id: i64,
    level: Option<ChapterLevel>,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    if chapter::Entity::find_by_id(c.id)
        .one(&txn)
        .await
        .map_err(internal)?
        .is_none()
    {
        return Err(AppError::NotFound("There is no such chapter.".into()));
    }
    let held = chapter_grant::Entity::find()
        .filter(chapter_grant::Column::ChapterId.eq(c.id))
        .filter(chapter_grant::Column::UserId.eq(user_id))
        .one(&txn)
        .await
        .map_err(internal)?;
    let (action, detail) = match (level, held) {
        (None, None) => {
            return Err(AppError::Conflict(
                "That member holds no level on this chapter.".into(),
            ));
        }
        (None, Some(h)) => {
            chapter_grant::Entity::delete_by_id(h.id)
                .exec(&txn)
                .await
                .map_err(internal)?;
            ("chapter.level_remove", c.name.clone())
        }
        (Some(l), Some(h)) => {
            chapter_grant::Entity::update_many()
                .col_expr(chapter_grant::Column::Level, Expr::value(level_slug(l)))
                .filter(chapter_grant::Column::Id.eq(h.id))
                .exec(&txn)
                .await
                .map_err(internal)?;
            ("chapter.level_set", format!("{}: {}", c.name, l.label()))
        }
        (Some(l), None) => {
            chapter_grant::ActiveModel {
                chapter_id: Set(c.id),
                user_id: Set(user_id),
                level: Set(level_slug(l).to_string()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            ("chapter.level_set", format!("{}: {}", c.name, l.label()))
        }
    };
    audit::record(
        &txn,
        Event::new(action, actor(who, client))
            .company(Some(c.company_id))
            .chapter(c.id)
            .subject(user_id)
            .detail(detail),
    )
    .await?;
    txn.commit().await.map_err(internal)
}
