//! Second factors as administrators manage them, and the companies' and
//! the platform's rules (their owner's side is `auth::own_factors`).
//! Callers have asked `core`.

use imprimatur_app::error::AppError;
use imprimatur_app::model::{MemberSecondFactor, SecondFactorRule};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{
    CompanyId, Permission, Principal, ResourceKind, may_set_second_factor_rule, visibility,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{actor, companies};
use crate::audit::{self, Event};
use crate::auth::own_factors::account;
use crate::auth::second_factor::factors;
use crate::auth::session;
use crate::db::Db;
use crate::db::entities::{
    company, passkey, platform_settings, recovery_code, totp_authenticator, user,
};
use crate::db::visibility::condition;
use crate::error::internal;

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
