//! The second step of a sign-in: who must take it (`core` decides from the
//! rules stored here), checking a code, and enrolling an authenticator app.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{SecondFactorStep, TotpEnrolled, TotpSetup};
use imprimatur_app::ssr::{Client, PendingSignIn, SignedIn};
use imprimatur_core::{
    Assignment, CompanyId, RoleRef, SecondFactorPolicy, SecondFactorReason, UserId, UserPrincipal,
    second_factor_required,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use super::credential_mail::{self, Change};
use super::{recovery_codes, session, totp};
use crate::audit::{self, Actor, Event, Outcome};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{
    company, passkey, platform_settings, recovery_code, role_assignment, totp_authenticator, user,
};
use crate::error::{ServerError, internal};
use crate::identity::scope_of;

/// The second factors an account has.
#[derive(Clone, Copy, Debug, Default)]
pub struct Factors {
    pub authenticator_app: bool,
    pub passkeys: u64,
    pub recovery_codes_left: u64,
}

impl Factors {
    pub fn any(&self) -> bool {
        self.authenticator_app || self.passkeys > 0
    }
}

pub async fn factors<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<Factors, ServerError> {
    let authenticator_app = totp_authenticator::Entity::find_by_id(user_id)
        .filter(totp_authenticator::Column::ConfirmedAt.is_not_null())
        .one(conn)
        .await?
        .is_some();
    let passkeys = passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(user_id))
        .count(conn)
        .await?;
    let recovery_codes_left = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(conn)
        .await?;
    Ok(Factors {
        authenticator_app,
        passkeys,
        recovery_codes_left,
    })
}

/// Why `u` must use a second factor, if they must: the stored rules that
/// bear on them, judged by `core`.
pub async fn requirement<C: ConnectionTrait>(
    conn: &C,
    u: &user::Model,
) -> Result<Option<SecondFactorReason>, ServerError> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(u.id))
        .all(conn)
        .await?;
    let mut person = UserPrincipal::active(UserId(u.id));
    person.assignments = rows
        .iter()
        .filter_map(|r| Some(Assignment::new(RoleRef::from_slug(&r.role)?, scope_of(r))))
        .collect();
    let companies: Vec<i64> = rows.iter().filter_map(|r| r.company_id).collect();
    let companies_requiring = company::Entity::find()
        .filter(company::Column::Id.is_in(companies))
        .filter(company::Column::RequireSecondFactor.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| CompanyId(c.id))
        .collect();
    let platform_requires_staff = platform_settings::Entity::find_by_id(1)
        .one(conn)
        .await?
        .is_some_and(|p| p.staff_require_second_factor);
    let policy = SecondFactorPolicy {
        required_for_member: u.require_second_factor,
        reset_by_admin: u.enrol_second_factor,
        companies_requiring,
        platform_requires_staff,
    };
    Ok(second_factor_required(&person, &policy))
}

/// What a sign-in that passed the password still needs: to prove a factor
/// the account has, to enrol one the rules require, or nothing.
pub async fn step_for<C: ConnectionTrait>(
    conn: &C,
    u: &user::Model,
) -> Result<Option<SecondFactorStep>, ServerError> {
    if u.enrol_second_factor {
        return Ok(Some(SecondFactorStep::Enrol));
    }
    if factors(conn, u.id).await?.any() {
        return Ok(Some(SecondFactorStep::Verify));
    }
    Ok(requirement(conn, u).await?.map(|_| SecondFactorStep::Enrol))
}

/// Where a sign-in goes next: the second step's page, or the start.
pub fn landing(step: Option<SecondFactorStep>) -> String {
    match step {
        Some(_) => "/sign-in/second-factor".to_string(),
        None => "/".to_string(),
    }
}

fn expired() -> AppError {
    AppError::Unauthorized("This sign-in has expired. Please sign in again.".into())
}

fn actor_of(user_id: i64, client: &Client) -> Actor {
    Actor {
        user: Some(user_id),
        real_user: None,
        client: client.addr,
    }
}

/// The pending session behind `pending`, still waiting for `step`.
async fn pending_session<C: ConnectionTrait>(
    conn: &C,
    pending: &PendingSignIn,
    step: SecondFactorStep,
) -> Result<(), AppError> {
    use crate::db::entities::session as s;
    s::Entity::find_by_id(session::hash_token(&pending.session_token))
        .filter(s::Column::UserId.eq(pending.user_id))
        .filter(s::Column::SecondFactorStep.eq(step.as_str()))
        .one(conn)
        .await
        .map_err(internal)?
        .map(|_| ())
        .ok_or_else(expired)
}

/// Use an authenticator code or a recovery code of `user_id`, once: a
/// conditional UPDATE, so two requests with the same code get one success.
/// Returns how the person proved it.
async fn use_code<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    typed: &str,
) -> Result<Option<&'static str>, ServerError> {
    if let Some(app) = totp_authenticator::Entity::find_by_id(user_id)
        .filter(totp_authenticator::Column::ConfirmedAt.is_not_null())
        .one(conn)
        .await?
    {
        let now = totp::step_at(Utc::now().timestamp());
        if let Some(step) = totp::matching_step(&app.secret, typed, now, app.last_step) {
            let taken = totp_authenticator::Entity::update_many()
                .col_expr(totp_authenticator::Column::LastStep, Expr::value(step))
                .filter(totp_authenticator::Column::UserId.eq(user_id))
                .filter(
                    sea_orm::Condition::any()
                        .add(totp_authenticator::Column::LastStep.is_null())
                        .add(totp_authenticator::Column::LastStep.lt(step)),
                )
                .exec(conn)
                .await?;
            return Ok((taken.rows_affected == 1).then_some("authenticator app"));
        }
    }
    let Some(code) = recovery_codes::normalize(typed) else {
        return Ok(None);
    };
    let used = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(Utc::now()))
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::CodeHash.eq(recovery_codes::hash(&code)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok((used.rows_affected == 1).then_some("recovery code"))
}

/// Replace the pending session with a full one (a new id) in `conn`'s
/// transaction.
async fn complete<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    pending: &PendingSignIn,
    client: &Client,
) -> Result<SignedIn, ServerError> {
    session::delete(conn, &pending.session_token).await?;
    let token = session::create(conn, config, pending.user_id, client, None).await?;
    Ok(SignedIn {
        set_cookie: session::cookie(config, &token),
        landing: "/".to_string(),
    })
}

fn too_many_codes(wait: std::time::Duration) -> AppError {
    AppError::TooManyRequests(format!(
        "Too many wrong codes. This sign-in has ended: sign in again in {}.",
        super::limits::minutes(wait)
    ))
}

/// End every sign-in of `user_id` that waits for a code: whoever typed the
/// wrong ones must start again from the password.
async fn end_pending<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<(), ServerError> {
    use crate::db::entities::session as s;
    s::Entity::delete_many()
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::SecondFactorStep.eq(SecondFactorStep::Verify.as_str()))
        .exec(conn)
        .await?;
    Ok(())
}

/// Check the code typed at the second step. Wrong codes are counted per
/// account apart from wrong passwords (a correct password clears nothing
/// here); the fifth ends the sign-in.
pub async fn verify(
    db: &Db,
    config: &Config,
    pending: &PendingSignIn,
    typed: &str,
    client: &Client,
) -> Result<SignedIn, AppError> {
    let limit = super::limits::SECOND_FACTOR;
    let account = pending.user_id.to_string();
    let attempt = limit
        .count(db.writer(), Some(&account), client.addr)
        .await?;
    if attempt.refused {
        end_pending(db.writer(), pending.user_id).await?;
        return Err(too_many_codes(attempt.wait));
    }
    let txn = db.begin_write().await.map_err(internal)?;
    pending_session(&txn, pending, SecondFactorStep::Verify).await?;
    let Some(how) = use_code(&txn, pending.user_id, typed).await? else {
        drop(txn);
        audit::record(
            db.writer(),
            Event::new("second_factor", actor_of(pending.user_id, client))
                .outcome(Outcome::Failed)
                .subject(pending.user_id),
        )
        .await?;
        if attempt.last {
            end_pending(db.writer(), pending.user_id).await?;
            return Err(too_many_codes(attempt.wait));
        }
        return Err(AppError::Invalid(
            "That code is not right. Type the six digits your app shows now, or a recovery code."
                .into(),
        ));
    };
    let signed_in = complete(&txn, config, pending, client).await?;
    audit::record(
        &txn,
        Event::new("second_factor", actor_of(pending.user_id, client))
            .subject(pending.user_id)
            .detail(how),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    limit.succeeded(db.writer(), &account, client.addr).await?;
    Ok(signed_in)
}

/// A new unconfirmed secret for `user_id` (replacing an unconfirmed one).
pub async fn totp_start(
    db: &Db,
    config: &Config,
    user_id: i64,
    email: &str,
) -> Result<TotpSetup, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let existing = totp_authenticator::Entity::find_by_id(user_id)
        .one(&txn)
        .await
        .map_err(internal)?;
    if existing.as_ref().is_some_and(|e| e.confirmed_at.is_some()) {
        return Err(AppError::Conflict(
            "An authenticator app is already set up. Remove it first to set up another.".into(),
        ));
    }
    let secret = totp::new_secret();
    let row = totp_authenticator::ActiveModel {
        user_id: Set(user_id),
        secret: Set(secret.clone()),
        confirmed_at: Set(None),
        last_step: Set(None),
        created_at: Set(Utc::now()),
    };
    if existing.is_some() {
        row.update(&txn).await.map_err(internal)?;
    } else {
        row.insert(&txn).await.map_err(internal)?;
    }
    txn.commit().await.map_err(internal)?;
    let issuer = config.webauthn.rp_name.as_str();
    let uri = totp::provisioning_uri(issuer, email, &secret);
    let qr_svg = totp::qr_svg(&uri).ok_or_else(|| {
        tracing::error!("the provisioning link does not fit a QR code");
        AppError::Internal
    })?;
    Ok(TotpSetup {
        secret,
        uri,
        qr_svg,
    })
}

/// New recovery codes for `user_id` in `conn`'s transaction; the old ones die.
pub async fn replace_recovery_codes<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<String>, ServerError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    let codes = recovery_codes::generate();
    let now = Utc::now();
    recovery_code::Entity::insert_many(codes.iter().map(|c| recovery_code::ActiveModel {
        user_id: Set(user_id),
        code_hash: Set(recovery_codes::hash(
            &recovery_codes::normalize(c).unwrap_or_default(),
        )),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }))
    .exec(conn)
    .await?;
    Ok(codes)
}

/// Confirm the app with its first code. For a sign-in waiting on enrolment
/// (`pending`), the sign-in completes in the same transaction.
pub async fn totp_finish(
    db: &Db,
    config: &Config,
    actor: Actor,
    user_id: i64,
    pending: Option<&PendingSignIn>,
    typed: &str,
    client: &Client,
) -> Result<(TotpEnrolled, Option<SignedIn>), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    if let Some(p) = pending {
        pending_session(&txn, p, SecondFactorStep::Enrol).await?;
    }
    let Some(app) = totp_authenticator::Entity::find_by_id(user_id)
        .filter(totp_authenticator::Column::ConfirmedAt.is_null())
        .one(&txn)
        .await
        .map_err(internal)?
    else {
        return Err(AppError::Conflict(
            "Start setting up the authenticator app again: there is no new secret waiting.".into(),
        ));
    };
    let now = totp::step_at(Utc::now().timestamp());
    let Some(step) = totp::matching_step(&app.secret, typed, now, None) else {
        return Err(AppError::Invalid(
            "That code is not right. Type the six digits the app shows for Imprimatur now.".into(),
        ));
    };
    let mut confirmed: totp_authenticator::ActiveModel = app.into();
    confirmed.confirmed_at = Set(Some(Utc::now()));
    confirmed.last_step = Set(Some(step));
    confirmed.update(&txn).await.map_err(internal)?;
    user::Entity::update_many()
        .col_expr(user::Column::EnrolSecondFactor, Expr::value(false))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    let recovery_codes = replace_recovery_codes(&txn, user_id).await?;
    audit::record(
        &txn,
        Event::new("second_factor.added", actor)
            .subject(user_id)
            .detail("authenticator app"),
    )
    .await?;
    credential_mail::notify(&txn, user_id, Change::AuthenticatorAppSetUp).await?;
    let signed_in = match pending {
        Some(p) => Some(complete(&txn, config, p, client).await?),
        None => None,
    };
    txn.commit().await.map_err(internal)?;
    Ok((TotpEnrolled { recovery_codes }, signed_in))
}
