//! Second factors as their owner and their administrators manage them, and
//! the companies' and the platform's rules. Callers have asked `core`.

use imprimatur_app::error::AppError;
use imprimatur_app::model::{MemberSecondFactor, SecondFactorOverview, SecondFactorRule};
use imprimatur_app::ssr::{Client, PlaceNames, RequestIdentity};
use imprimatur_core::{
    CompanyId, Permission, Principal, ResourceKind, may_set_second_factor_rule, visibility,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{actor, companies};
use crate::audit::{self, Event};
use crate::auth::credential_mail::{self, Change};
use crate::auth::second_factor::{factors, replace_recovery_codes, requirement};
use crate::auth::session;
use crate::db::Db;
use crate::db::entities::{
    company, passkey, platform_settings, recovery_code, totp_authenticator, user,
};
use crate::db::visibility::condition;
use crate::error::{ServerError, internal};

async fn account<C: ConnectionTrait>(conn: &C, user_id: i64) -> Result<user::Model, AppError> {
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

pub async fn member(db: &Db, user_id: i64) -> Result<MemberSecondFactor, AppError> {
    let u = account(&db.read, user_id).await?;
    Ok(MemberSecondFactor {
        required_by_admin: u.require_second_factor,
        enrolled: factors(&db.read, user_id).await?.any(),
        must_enrol: u.enrol_second_factor,
        may_require: false,
        may_reset: false,
    })
}

pub async fn require(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    user_id: i64,
    required: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let u = account(&txn, user_id).await?;
    if u.require_second_factor == required {
        return Err(AppError::Conflict(
            if required {
                "A second factor is already required of this member."
            } else {
                "A second factor is not required of this member."
            }
            .into(),
        ));
    }
    user::Entity::update_many()
        .col_expr(user::Column::RequireSecondFactor, Expr::value(required))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::record(
        &txn,
        Event::new(
            if required {
                "second_factor.required"
            } else {
                "second_factor.not_required"
            },
            actor(who, client),
        )
        .subject(user_id),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Remove every second factor of the member (authenticator app, passkeys,
/// recovery codes) and end their sessions: whoever holds the lost device is
/// out, and the member sets up a new factor at their next sign-in.
pub async fn reset(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    user_id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    account(&txn, user_id).await?;
    totp_authenticator::Entity::delete_many()
        .filter(totp_authenticator::Column::UserId.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    passkey::Entity::delete_many()
        .filter(passkey::Column::UserId.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    user::Entity::update_many()
        .col_expr(user::Column::EnrolSecondFactor, Expr::value(true))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    session::delete_all_of(&txn, user_id).await?;
    audit::record(
        &txn,
        Event::new("second_factor.reset", actor(who, client)).subject(user_id),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

fn may_set(who: &RequestIdentity, company_id: Option<i64>) -> bool {
    let me = Principal::User(who.user.principal.clone());
    may_set_second_factor_rule(&me, company_id.map(CompanyId)).is_allowed()
}

/// The rules the person may set: the platform's (for its admins) and those
/// of the companies `core` lets them secure.
pub async fn rules(db: &Db, who: &RequestIdentity) -> Result<Vec<SecondFactorRule>, AppError> {
    let mut out = Vec::new();
    if may_set(who, None) {
        let required = platform_settings::Entity::find_by_id(1)
            .one(&db.read)
            .await
            .map_err(internal)?
            .is_some_and(|p| p.staff_require_second_factor);
        out.push(SecondFactorRule {
            company_id: None,
            place: "Platform staff".to_string(),
            required,
        });
    }
    // The companies whose rule core lets the person set, filtered in SQL.
    let me = Principal::User(who.user.principal.clone());
    let filter = visibility(&me, Permission::Security2faSso, ResourceKind::Company);
    let companies = company::Entity::find()
        .filter(condition(&filter, &companies::columns()))
        .order_by_asc(company::Column::Name)
        .limit(companies::MAX_LISTED)
        .all(&db.read)
        .await
        .map_err(internal)?;
    out.extend(companies.into_iter().map(|c| SecondFactorRule {
        company_id: Some(c.id),
        place: c.name,
        required: c.require_second_factor,
    }));
    Ok(out)
}

pub async fn set_rule(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: Option<i64>,
    required: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let changed = match company_id {
        Some(c) => {
            company::Entity::update_many()
                .col_expr(company::Column::RequireSecondFactor, Expr::value(required))
                .filter(company::Column::Id.eq(c))
                .exec(&txn)
                .await
                .map_err(internal)?
                .rows_affected
        }
        None => {
            platform_settings::Entity::update_many()
                .col_expr(
                    platform_settings::Column::StaffRequireSecondFactor,
                    Expr::value(required),
                )
                .filter(platform_settings::Column::Id.eq(1))
                .exec(&txn)
                .await
                .map_err(internal)?
                .rows_affected
        }
    };
    if changed == 0 {
        return Err(AppError::NotFound("There is no such company.".into()));
    }
    audit::record(
        &txn,
        Event::new("second_factor.rule", actor(who, client))
            .company(company_id)
            .detail(if required {
                "second factor required"
            } else {
                "second factor optional"
            }),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
