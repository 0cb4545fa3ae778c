//! "Login as" (PrintJob Admin): a platform admin acts as a member for a
//! limited time, with a reason; both names go into every audit record, and
//! the member can see that it happened.

use imprimatur_app::error::AppError;
use imprimatur_app::model::ImpersonationRow;
use imprimatur_app::ssr::{Client, RequestIdentity, SignedIn};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::actor;
use crate::audit::{self, Actor, Event};
use crate::auth::session;
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{audit_event, user};
use crate::error::internal;

const START: &str = "impersonation.start";

pub async fn start(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    user_id: i64,
    reason: &str,
) -> Result<SignedIn, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    // The admin's own session ends: the cookie now carries a new id.
    session::delete(&txn, &who.session_token).await?;
    let token = session::create_impersonation(&txn, user_id, who.user.id, reason, client).await?;
    audit::record(
        &txn,
        Event::new(START, actor(who, client))
            .subject(user_id)
            .detail(reason),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(SignedIn {
        set_cookie: session::cookie(config, &token),
        landing: "/".into(),
    })
}

pub async fn stop(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
) -> Result<SignedIn, AppError> {
    let Some(admin_id) = who.impersonator else {
        return Err(AppError::Conflict("You are not acting as anyone.".into()));
    };
    let txn = db.begin_write().await.map_err(internal)?;
    session::delete(&txn, &who.session_token).await?;
    let admin = user::Entity::find_by_id(admin_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .filter(|a| a.state == "active")
        .ok_or_else(AppError::not_signed_in)?;
    let token = session::create(&txn, config, admin.id, client, None).await?;
    audit::record(
        &txn,
        Event::new(
            "impersonation.stop",
            Actor {
                user: Some(admin.id),
                real_user: None,
                client: client.addr,
            },
        )
        .subject(who.user.id),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(SignedIn {
        set_cookie: session::cookie(config, &token),
        landing: "/members".into(),
    })
}

/// The times an administrator signed in as `user_id`, newest first.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<ImpersonationRow>, AppError> {
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(START))
        .filter(audit_event::Column::SubjectId.eq(user_id))
        .order_by_desc(audit_event::Column::Id)
        .limit(50)
        .all(&db.read)
        .await
        .map_err(internal)?;
    let ids: Vec<i64> = events.iter().filter_map(|e| e.actor_id).collect();
    let admins: std::collections::HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(&db.read)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.email)))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| ImpersonationRow {
            at: e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            by: e
                .actor_id
                .and_then(|a| admins.get(&a).cloned())
                .unwrap_or_default(),
            reason: e.detail,
        })
        .collect())
}
