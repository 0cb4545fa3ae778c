//! Passkeys with webauthn-rs: register several (named, removable), sign in
//! with one and no password. User verification is required; the ceremony
//! state stays on the server; a credential belongs to one account; the
//! signature counter is checked by webauthn-rs and stored after each use.

use chrono::{Duration, Utc};
use imprimatur_app::error::AppError;
use imprimatur_app::model::PasskeyRow;
use imprimatur_app::ssr::Client;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Uuid, Webauthn,
    WebauthnBuilder,
};

use crate::audit::{self, Actor, Event};
use crate::auth::credential_mail::{self, Change};
use crate::auth::limits;
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{passkey, user, webauthn_ceremony};
use crate::error::{ServerError, internal};
use crate::tokens::{hash_token, new_token};

/// A ceremony must finish within this time.
const CEREMONY_MINUTES: i64 = 5;

const REGISTER: &str = "register";
const SIGN_IN: &str = "sign_in";

/// The relying party from the configuration.
pub fn relying_party(config: &Config) -> Result<Webauthn, String> {
    WebauthnBuilder::new(&config.webauthn.rp_id, &config.webauthn.rp_origin)
        .and_then(|b| b.rp_name(&config.webauthn.rp_name).build())
        .map_err(|e| format!("webauthn: the relying party is not valid: {e}"))
}

fn encode(id: &[u8]) -> String {
    hex::encode(id)
}

fn failed() -> AppError {
    AppError::Unauthorized("The passkey could not be verified. Try again.".into())
}

fn expired() -> AppError {
    AppError::Conflict("That took too long, or was already done. Start again.".into())
}

async fn save_ceremony<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
    user_id: Option<i64>,
    state: String,
) -> Result<String, ServerError> {
    let id = new_token();
    webauthn_ceremony::ActiveModel {
        id_hash: Set(hash_token(&id)),
        kind: Set(kind.to_string()),
        user_id: Set(user_id),
        state: Set(state),
        expires_at: Set(Utc::now() + Duration::minutes(CEREMONY_MINUTES)),
    }
    .insert(conn)
    .await?;
    Ok(id)
}

/// Take a ceremony out (it works once), if it is live, of `kind`, for `user_id`.
async fn take_ceremony<C: ConnectionTrait>(
    conn: &C,
    id: &str,
    kind: &str,
    user_id: Option<i64>,
) -> Result<Option<String>, ServerError> {
    let Some(c) = webauthn_ceremony::Entity::find_by_id(hash_token(id))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    // Of two requests racing with the same ceremony, one deletes it.
    let taken = webauthn_ceremony::Entity::delete_by_id(c.id_hash.clone())
        .exec(conn)
        .await?
        .rows_affected
        == 1;
    // Old ceremonies nobody finished go too.
    webauthn_ceremony::Entity::delete_many()
        .filter(webauthn_ceremony::Column::ExpiresAt.lt(Utc::now()))
        .exec(conn)
        .await?;
    let live = taken && c.kind == kind && c.user_id == user_id && c.expires_at > Utc::now();
    Ok(live.then_some(c.state))
}

/// The account's WebAuthn user handle, made on first use.
async fn handle_of<C: ConnectionTrait>(conn: &C, u: &user::Model) -> Result<Uuid, ServerError> {
    if let Some(h) = u
        .webauthn_handle
        .as_deref()
        .and_then(|h| Uuid::parse_str(h).ok())
    {
        return Ok(h);
    }
    let h = Uuid::new_v4();
    let mut active: user::ActiveModel = u.clone().into();
    active.webauthn_handle = Set(Some(h.to_string()));
    active.update(conn).await?;
    Ok(h)
}

pub async fn register_start(
    db: &Db,
    wa: &Webauthn,
    user_id: i64,
) -> Result<(String, CreationChallengeResponse), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let u = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(AppError::not_signed_in)?;
    let handle = handle_of(&txn, &u).await?;
    let existing: Vec<_> = mine(&txn, user_id)
        .await?
        .into_iter()
        .filter_map(|p| serde_json::from_str::<Passkey>(&p.passkey).ok())
        .map(|p| p.cred_id().clone())
        .collect();
    let (mut challenge, state) = wa
        .start_passkey_registration(handle, &u.email, &u.display_name, Some(existing))
        .map_err(|e| {
            tracing::error!(error = %e, "could not start a passkey registration");
            AppError::Internal
        })?;
    // Signing in without typing an address needs the passkey to live on the
    // device (a discoverable credential). Asking for more than the server
    // state requires keeps the verification valid.
    if let Some(selection) = challenge.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(webauthn_rs_proto::ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    let state = serde_json::to_string(&state).map_err(|_| AppError::Internal)?;
    let id = save_ceremony(&txn, REGISTER, Some(user_id), state).await?;
    txn.commit().await.map_err(internal)?;
    Ok((id, challenge))
}

async fn mine<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<passkey::Model>, ServerError> {
    Ok(passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(user_id))
        .order_by_asc(passkey::Column::Id)
        .all(conn)
        .await?)
}

/// Verify the answer to a registration ceremony of `user_id` (the ceremony
/// is used up whatever happens): the new passkey, not stored yet.
pub async fn verify_registration(
    db: &Db,
    wa: &Webauthn,
    user_id: i64,
    ceremony: &str,
    credential: &RegisterPublicKeyCredential,
) -> Result<Passkey, AppError> {
    let state = take_ceremony(db.writer(), ceremony, REGISTER, Some(user_id))
        .await?
        .ok_or_else(expired)?;
    let state: PasskeyRegistration =
        serde_json::from_str(&state).map_err(|_| AppError::Internal)?;
    wa.finish_passkey_registration(credential, &state)
        .map_err(|e| {
            tracing::info!(error = %e, "a passkey registration failed");
            failed()
        })
}

/// Store a verified passkey of `user_id` in `conn`'s transaction; refused
/// if the credential belongs to any account already.
pub async fn store<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    name: &str,
    key: &Passkey,
) -> Result<(), AppError> {
    let credential_id = encode(key.cred_id().as_ref());
    let taken = passkey::Entity::find()
        .filter(passkey::Column::CredentialId.eq(credential_id.as_str()))
        .one(conn)
        .await
        .map_err(internal)?;
    if taken.is_some() {
        return Err(AppError::Conflict(
            "This passkey is already registered to an account.".into(),
        ));
    }
    passkey::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_string()),
        credential_id: Set(credential_id),
        passkey: Set(serde_json::to_string(key).map_err(|_| AppError::Internal)?),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

pub async fn register_finish(
    db: &Db,
    wa: &Webauthn,
    actor: Actor,
    ceremony: &str,
    name: &str,
    credential: &RegisterPublicKeyCredential,
) -> Result<(), AppError> {
    let user_id = actor.user.ok_or_else(AppError::not_signed_in)?;
    let key = verify_registration(db, wa, user_id, ceremony, credential).await?;
    let txn = db.begin_write().await.map_err(internal)?;
    store(&txn, user_id, name, &key).await?;
    audit::record(
        &txn,
        Event::new("passkey.added", actor)
            .subject(user_id)
            .detail(name.to_string()),
    )
    .await?;
    credential_mail::notify(&txn, user_id, Change::PasskeyAdded(name)).await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn list(db: &Db, user_id: i64) -> Result<Vec<PasskeyRow>, AppError> {
    let fmt = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(mine(&db.read, user_id)
        .await?
        .into_iter()
        .map(|p| PasskeyRow {
            id: p.id,
            name: p.name,
            created: fmt(p.created_at),
            last_used: p.last_used_at.map(fmt),
        })
        .collect())
}

pub async fn remove(db: &Db, actor: Actor, id: i64) -> Result<(), AppError> {
    let user_id = actor.user.ok_or_else(AppError::not_signed_in)?;
    let txn = db.begin_write().await.map_err(internal)?;
    let missing = || AppError::NotFound("You have no such passkey.".into());
    let key = passkey::Entity::find_by_id(id)
        .filter(passkey::Column::UserId.eq(user_id))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(missing)?;
    let gone = passkey::Entity::delete_many()
        .filter(passkey::Column::Id.eq(key.id))
        .filter(passkey::Column::UserId.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    // A removal racing this one took it first.
    if gone.rows_affected == 0 {
        return Err(missing());
    }
    crate::auth::own_factors::keep_a_required_factor(&txn, user_id).await?;
    audit::record(&txn, Event::new("passkey.removed", actor).subject(user_id)).await?;
    credential_mail::notify(&txn, user_id, Change::PasskeyRemoved(&key.name)).await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Anyone may start a passkey sign-in and each start stores a ceremony:
/// beyond this many unfinished ones in all (from however many addresses),
/// new starts wait for old ones to finish or expire.
pub const MAX_PENDING_SIGN_INS: u64 = 10_000;

/// Refuse a start beyond the limits: per client address in the database's
/// counters, and in all by the unfinished ceremonies.
async fn bound_sign_in_starts(db: &Db, client: &Client) -> Result<(), AppError> {
    let attempt = limits::PASSKEY_SIGN_IN
        .count(db.writer(), None, client.addr)
        .await?;
    if attempt.refused {
        return Err(AppError::TooManyRequests(format!(
            "Too many passkey sign-ins were started from your address. Try again in {}.",
            limits::minutes(attempt.wait)
        )));
    }
    webauthn_ceremony::Entity::delete_many()
        .filter(webauthn_ceremony::Column::ExpiresAt.lt(Utc::now()))
        .exec(db.writer())
        .await
        .map_err(internal)?;
    let pending = webauthn_ceremony::Entity::find()
        .filter(webauthn_ceremony::Column::Kind.eq(SIGN_IN))
        .count(db.writer())
        .await
        .map_err(internal)?;
    if pending >= MAX_PENDING_SIGN_INS {
        tracing::warn!(pending, "passkey sign-ins refused: too many unfinished");
        return Err(AppError::TooManyRequests(
            "Too many sign-ins are in progress. Try again in a few minutes.".into(),
        ));
    }
    Ok(())
}

pub async fn sign_in_start(
    db: &Db,
    wa: &Webauthn,
    client: &Client,
) -> Result<(String, RequestChallengeResponse), AppError> {
    bound_sign_in_starts(db, client).await?;
    let (mut challenge, state) = wa.start_discoverable_authentication().map_err(|e| {
        tracing::error!(error = %e, "could not start a passkey sign-in");
        AppError::Internal
    })?;
    // A button press, not the autofill flow: the browser asks at once.
    challenge.mediation = None;
    let state = serde_json::to_string(&state).map_err(|_| AppError::Internal)?;
    let id = save_ceremony(db.writer(), SIGN_IN, None, state).await?;
    Ok((id, challenge))
}

/// Verify a passkey sign-in; the account it proves (the caller still checks
/// the account may sign in).
pub async fn sign_in_finish(
    db: &Db,
    wa: &Webauthn,
    ceremony: &str,
    credential: &PublicKeyCredential,
    client: &Client,
) -> Result<user::Model, AppError> {
    // Used up whatever happens next: a failed answer cannot be retried.
    let state = take_ceremony(db.writer(), ceremony, SIGN_IN, None)
        .await?
        .ok_or_else(expired)?;
    let state: DiscoverableAuthentication =
        serde_json::from_str(&state).map_err(|_| AppError::Internal)?;
    let (handle, cred_id) = wa
        .identify_discoverable_authentication(credential)
        .map_err(|_| failed())?;
    let txn = db.begin_write().await.map_err(internal)?;
    let account = user::Entity::find()
        .filter(user::Column::WebauthnHandle.eq(handle.to_string()))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(failed)?;
    let stored = passkey::Entity::find()
        .filter(passkey::Column::CredentialId.eq(encode(cred_id)))
        .filter(passkey::Column::UserId.eq(account.id))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(failed)?;
    let mut key: Passkey = serde_json::from_str(&stored.passkey).map_err(|_| AppError::Internal)?;
    let result = match wa.finish_discoverable_authentication_v2(credential, state, &key) {
        Ok(r) => r,
        Err(e) => {
            tracing::info!(error = %e, user = account.id, "a passkey sign-in failed");
            audit::record(
                &txn,
                Event::new(
                    "sign_in",
                    Actor {
                        user: None,
                        real_user: None,
                        client: client.addr,
                    },
                )
                .outcome(audit::Outcome::Failed)
                .subject(account.id)
                .detail("passkey not verified"),
            )
            .await?;
            txn.commit().await.map_err(internal)?;
            return Err(failed());
        }
    };
    key.update_credential(&result);
    let mut used: passkey::ActiveModel = stored.into();
    used.passkey = Set(serde_json::to_string(&key).map_err(|_| AppError::Internal)?);
    used.last_used_at = Set(Some(Utc::now()));
    used.update(&txn).await.map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    Ok(account)
}
