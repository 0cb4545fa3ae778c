//! Confirming the password inside a signed-in session, before a change to
//! how the person signs in. A wrong password counts against the account's
//! sign-in limit, so a stolen cookie is no way around it. Only the account
//! is counted: every session behind a shared office address already paid
//! for its own sign-in.

use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use sea_orm::EntityTrait;

use crate::audit::{self, Event, Outcome, actor};
use crate::auth::limits::{self, locked_message};
use crate::auth::password::Passwords;
use crate::auth::session;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::internal;
use crate::identity;

pub async fn confirm(
    db: &Db,
    passwords: &Passwords,
    who: &RequestIdentity,
    client: &Client,
    password: &str,
) -> Result<(), AppError> {
    let account = identity::normalize_email(&who.user.email);
    if let Some(wait) = limits::SIGN_IN
        .locked(&db.read, Some(&account), None)
        .await?
    {
        return Err(AppError::TooManyRequests(locked_message(wait)));
    }
    let stored = user::Entity::find_by_id(who.user.id)
        .one(&db.read)
        .await
        .map_err(internal)?
        .and_then(|u| u.password_hash);
    let ok = passwords
        .verify(password.to_string(), stored)
        .await
        .map_err(internal)?;
    if !ok {
        limits::SIGN_IN
            .failed(db.writer(), Some(&account), None)
            .await?;
        audit::record(
            db.writer(),
            Event::new("reauthenticate", actor(who, client))
                .outcome(Outcome::Failed)
                .subject(who.user.id),
        )
        .await?;
        return Err(AppError::Invalid("That password is not right.".into()));
    }
    limits::SIGN_IN
        .succeeded(db.writer(), &account, None)
        .await?;
    let txn = db.begin_write().await.map_err(internal)?;
    session::mark_reauthenticated(&txn, &who.session_token).await?;
    audit::record(
        &txn,
        Event::new("reauthenticate", actor(who, client)).subject(who.user.id),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
