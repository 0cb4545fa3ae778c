//! A chapter's log (CtrlPrint: "View chapter logs"): the audit records of
//! the chapter, newest first, found by the chapter id every chapter record
//! carries (`audit_events.chapter_id`), so two chapters of one name in
//! two projects of one company each have their own log.
//!
//! Chapter records name the chapter in their detail as well (`name`,
//! `name: …`); the log shows the detail without that name in front, under
//! the chapter's current name or one it had before a rename.

use std::collections::HashMap;

use imprimatur_app::documents::comment_model::{ChapterLog, ChapterLogRow, log_label};
use imprimatur_app::documents::model::ChapterFacts;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::Db;
use crate::db::entities::{audit_event, user};
use crate::error::ServerError;

/// How many renames back the log follows a chapter's names.
const RENAMES: u64 = 100;
const ARROW: &str = " \u{2192} ";

/// The chapter's names, the current one first, then the one it had
/// before each rename, newest first: one query.
async fn names(db: &Db, c: &ChapterFacts) -> Result<Vec<String>, ServerError> {
    let renames: Vec<String> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Detail)
        .filter(audit_event::Column::ChapterId.eq(c.id))
        .filter(audit_event::Column::Action.eq("chapter.rename"))
        .order_by_desc(audit_event::Column::Id)
        .limit(RENAMES)
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut names = vec![c.name.clone()];
    let mut current = c.name.clone();
    for detail in renames {
        let Some(old) = detail.strip_suffix(&format!("{ARROW}{current}")) else {
            // A detail cut at 500 characters: the names before it are unknown.
            break;
        };
        current = old.to_string();
        if !names.contains(&current) {
            names.push(current.clone());
        }
    }
    Ok(names)
}

/// The detail without the chapter's name in front, which the log's
/// heading says already.
fn shown(detail: String, names: &[String]) -> String {
    for n in names {
        if let Some(rest) = detail.strip_prefix(&format!("{n}: ")) {
            return rest.to_string();
        }
    }
    detail
}

/// The chapter's newest `limit` records (1 to [`LOG_LIMIT`]), and whether
/// there are older ones.
///
/// [`LOG_LIMIT`]: imprimatur_app::documents::comment_model::LOG_LIMIT
pub async fn list(db: &Db, c: &ChapterFacts, limit: u64) -> Result<ChapterLog, ServerError> {
    let limit = limit.clamp(1, imprimatur_app::documents::comment_model::LOG_LIMIT);
    let mut found = audit_event::Entity::find()
        .filter(audit_event::Column::ChapterId.eq(c.id))
        .order_by_desc(audit_event::Column::Id)
        .limit(limit + 1)
        .all(&db.read)
        .await?;
    let more = found.len() as u64 > limit;
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let mut ids: Vec<i64> = found
        .iter()
        .flat_map(|r| [r.actor_id, r.real_actor_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let people: HashMap<i64, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(&db.read)
            .await?
            .into_iter()
            .map(|u| (u.id, format!("{} <{}>", u.display_name, u.email)))
            .collect()
    };
    let person = |id: Option<i64>| {
        id.map(|i| {
            people
                .get(&i)
                .cloned()
                .unwrap_or_else(|| format!("account {i}"))
        })
    };
    let names = names(db, c).await?;
    let rows = found
        .into_iter()
        .map(|r| ChapterLogRow {
            id: r.id,
            at: r.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            what: log_label(&r.action),
            action: r.action,
            who: person(r.actor_id),
            acting_admin: person(r.real_actor_id),
            outcome: r.outcome,
            detail: shown(r.detail, &names),
        })
        .collect();
    Ok(ChapterLog { rows, limit, more })
}
