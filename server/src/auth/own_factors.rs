//! Second factors as their owner manages them: what they have, removing
//! the authenticator app, new recovery codes; and the rule that a person
//! who must have a second factor keeps one.

use imprimatur_app::error::AppError;
use imprimatur_app::model::SecondFactorOverview;
use imprimatur_app::ssr::{Client, PlaceNames, RequestIdentity};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::audit::{self, Event, actor};
use crate::auth::credential_mail::{self, Change};
use crate::auth::second_factor::{factors, replace_recovery_codes, requirement};
use crate::db::Db;
use crate::db::entities::{company, recovery_code, totp_authenticator, user};
use crate::error::{ServerError, internal};

/// The account of `user_id`; 404 when there is none.
pub async fn account<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(user_id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such member.".into()))
}

/// Why `u` must keep a second factor, in words, if they must.
async fn required_because<C: ConnectionTrait>(
    conn: &C,
    u: &user::Model,
) -> Result<Option<String>, ServerError> {
    let Some(reason) = requirement(conn, u).await? else {
        return Ok(None);
    };
    let names = match reason {
        imprimatur_core::SecondFactorReason::Company(c) => PlaceNames {
            companies: company::Entity::find_by_id(c.0)
                .one(conn)
                .await?
                .map(|c| (c.id, c.name))
                .into_iter()
                .collect(),
            ..PlaceNames::default()
        },
        _ => PlaceNames::default(),
    };
    Ok(Some(reason.explain(&names)))
}

pub async fn overview(db: &Db, user_id: i64) -> Result<SecondFactorOverview, AppError> {
    let u = account(&db.read, user_id).await?;
    let f = factors(&db.read, user_id).await?;
    Ok(SecondFactorOverview {
        authenticator_app: f.authenticator_app,
        passkeys: f.passkeys,
        recovery_codes_left: f.recovery_codes_left,
        required: required_because(&db.read, &u).await?,
        // The server function knows the session; the database does not.
        recently_authenticated: false,
    })
}

/// Refuse a removal, inside its transaction, that would leave a person who
/// must have a second factor without one.
pub async fn keep_a_required_factor<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<(), AppError> {
    let u = account(conn, user_id).await?;
    if factors(conn, user_id).await?.any() {
        return Ok(());
    }
    match required_because(conn, &u).await? {
        Some(why) => Err(AppError::Conflict(format!(
            "You need a second factor: {why}. Set up another one before removing this one."
        ))),
        None => {
            // Nothing left to recover: the codes go with the last factor.
            recovery_code::Entity::delete_many()
                .filter(recovery_code::Column::UserId.eq(user_id))
                .exec(conn)
                .await
                .map_err(internal)?;
            Ok(())
        }
    }
}

pub async fn remove_totp(db: &Db, who: &RequestIdentity, client: &Client) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let gone = totp_authenticator::Entity::delete_many()
        .filter(totp_authenticator::Column::UserId.eq(who.user.id))
        .filter(totp_authenticator::Column::ConfirmedAt.is_not_null())
        .exec(&txn)
        .await
        .map_err(internal)?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound(
            "You have no authenticator app set up.".into(),
        ));
    }
    keep_a_required_factor(&txn, who.user.id).await?;
    audit::record(
        &txn,
        Event::new("second_factor.removed", actor(who, client))
            .subject(who.user.id)
            .detail("authenticator app"),
    )
    .await?;
    credential_mail::notify(&txn, who.user.id, Change::AuthenticatorAppRemoved).await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn new_recovery_codes(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
) -> Result<Vec<String>, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    if !factors(&txn, who.user.id).await?.any() {
        return Err(AppError::Conflict(
            "Set up an authenticator app or a passkey first; recovery codes stand in for one."
                .into(),
        ));
    }
    let codes = replace_recovery_codes(&txn, who.user.id).await?;
    audit::record(
        &txn,
        Event::new("second_factor.recovery_codes", actor(who, client)).subject(who.user.id),
    )
    .await?;
    credential_mail::notify(&txn, who.user.id, Change::NewRecoveryCodes).await?;
    txn.commit().await.map_err(internal)?;
    Ok(codes)
}
