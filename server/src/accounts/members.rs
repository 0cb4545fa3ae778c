//! Acting on members: how `core` sees a member, suspending and
//! reactivating them under the company invariants, resending credentials.

use std::collections::{BTreeMap, BTreeSet};

use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{
    Assignment, CompanyId, DepartmentId, MemberSnapshot, MemberView, Resource, ResourceKind,
    RoleRef, UserId, UserState, check_company_invariants,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};

use super::actor;
use crate::audit::{self, Event};
use crate::auth::session;
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{company, department, department_member, role_assignment, user};
use crate::error::{ServerError, internal};
use crate::identity::{parse_state, state_name};

/// One resource per (company, department) the member belongs to: the
/// company of each role they hold, and each of their departments there.
pub async fn resources<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<Resource>, ServerError> {
    Ok(resources_of_many(conn, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// [`resources`] for many members in three queries (a page of the list).
pub async fn resources_of_many<C: ConnectionTrait>(
    conn: &C,
    user_ids: &[i64],
) -> Result<BTreeMap<i64, Vec<Resource>>, ServerError> {
    Ok(views_of_many(conn, user_ids)
        .await?
        .into_iter()
        .map(|(id, v)| (id, v.seen_through))
        .collect())
}

/// How `core` sees each of many members when someone acts on their
/// account: their resources and the roles they hold, in three queries.
pub async fn views_of_many<C: ConnectionTrait>(
    conn: &C,
    user_ids: &[i64],
) -> Result<BTreeMap<i64, MemberView>, ServerError> {
    let mut companies: BTreeSet<(i64, i64)> = BTreeSet::new();
    let mut roles: BTreeMap<i64, Vec<Assignment>> = BTreeMap::new();
    for r in role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.is_in(user_ids.to_vec()))
        .all(conn)
        .await?
    {
        if let Some(c) = r.company_id {
            companies.insert((r.user_id, c));
        }
        if let Some(role) = RoleRef::from_slug(&r.role) {
            roles
                .entry(r.user_id)
                .or_default()
                .push(Assignment::new(role, crate::identity::scope_of(&r)));
        }
    }
    let memberships = department_member::Entity::find()
        .filter(department_member::Column::UserId.is_in(user_ids.to_vec()))
        .all(conn)
        .await?;
    let departments: BTreeMap<i64, i64> = department::Entity::find()
        .filter(
            department::Column::Id.is_in(
                memberships
                    .iter()
                    .map(|m| m.department_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id, d.company_id))
        .collect();
    let mut out: BTreeMap<i64, MemberView> = BTreeMap::new();
    for (user_id, c) in companies {
        let base = Resource::in_company(ResourceKind::User, CompanyId(c))
            .with_id(user_id)
            .with_owner(UserId(user_id));
        let here: Vec<i64> = memberships
            .iter()
            .filter(|m| m.user_id == user_id && departments.get(&m.department_id) == Some(&c))
            .map(|m| m.department_id)
            .collect();
        let entry = &mut out
            .entry(user_id)
            .or_insert_with(|| {
                let held = roles.remove(&user_id).unwrap_or_default();
                MemberView::new(UserId(user_id), Vec::new(), held)
            })
            .seen_through;
        if here.is_empty() {
            entry.push(base.clone());
        }
        for d in here {
            let mut r = base.clone();
            r.department = Some(DepartmentId(d));
            entry.push(r);
        }
    }
    Ok(out)
}

/// Every member of a company with their roles there, for the invariants.
pub async fn snapshot<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
) -> Result<Vec<MemberSnapshot>, ServerError> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::CompanyId.eq(company_id))
        .all(conn)
        .await?;
    let mut roles: BTreeMap<i64, Vec<RoleRef>> = BTreeMap::new();
    for r in rows {
        let entry = roles.entry(r.user_id).or_default();
        if let Some(role) = RoleRef::from_slug(&r.role) {
            entry.push(role);
        }
    }
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(roles.keys().copied().collect::<Vec<_>>()))
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(users.len());
    for u in users {
        out.push(MemberSnapshot {
            user: UserId(u.id),
            state: parse_state(&u.state)?,
            roles: roles.remove(&u.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

pub async fn set_state(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    user_id: i64,
    state: UserState,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let company_ids: BTreeSet<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .all(&txn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter_map(|r| r.company_id)
        .collect();
    // Row locks on PostgreSQL serialize changes to the same companies, so two
    // concurrent suspensions cannot both remove "the other" super admin.
    // (SQLite's write transaction is exclusive already.)
    let companies = company::Entity::find()
        .filter(company::Column::Id.is_in(company_ids.iter().copied().collect::<Vec<_>>()))
        .lock_exclusive()
        .all(&txn)
        .await
        .map_err(internal)?;
    let target = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such member.".into()))?;
    let current = parse_state(&target.state)?;
    let allowed_from: &[UserState] = match state {
        UserState::Suspended => &[UserState::Active, UserState::Inactive],
        UserState::Active => &[UserState::Suspended],
        _ => &[],
    };
    if !allowed_from.contains(&current) {
        return Err(AppError::Conflict(format!(
            "{} is {}; that cannot change to {}.",
            target.display_name,
            current.label(),
            state.label()
        )));
    }
    for c in &companies {
        let Some(kind) = imprimatur_core::CompanyKind::from_slug(&c.kind) else {
            continue;
        };
        let before = snapshot(&txn, c.id).await?;
        let after: Vec<MemberSnapshot> = before
            .iter()
            .cloned()
            .map(|mut m| {
                if m.user == UserId(user_id) {
                    m.state = state;
                }
                m
            })
            .collect();
        if let Some(v) = check_company_invariants(kind, &before, &after).first() {
            return Err(AppError::Conflict(format!(
                "{} Suspending {} would leave {} without one.",
                v.explain(),
                target.display_name,
                c.name
            )));
        }
    }
    let mut active: user::ActiveModel = target.clone().into();
    active.state = Set(state_name(state).to_string());
    active.update(&txn).await.map_err(internal)?;
    if state == UserState::Suspended {
        session::delete_all_of(&txn, user_id).await?;
    }
    let action = if state == UserState::Suspended {
        "member.suspended"
    } else {
        "member.reactivated"
    };
    audit::record(
        &txn,
        Event::new(action, actor(who, client))
            .subject(user_id)
            .company(companies.first().map(|c| c.id))
            .detail(target.email.clone()),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn resend_credentials(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    user_id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let target = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such member.".into()))?;
    let detail = match target.state.as_str() {
        "active" => {
            crate::auth::password_reset::send_link(
                &txn,
                config,
                &target,
                Some(&who.user.display_name),
            )
            .await?;
            "password link"
        }
        "invited" => {
            let n =
                super::invitations::resend_all_of(&txn, config, user_id, &who.user.display_name)
                    .await?;
            if n == 0 {
                return Err(AppError::Conflict(
                    "This member has no pending invitation to resend.".into(),
                ));
            }
            "invitation"
        }
        other => {
            return Err(AppError::Conflict(format!(
                "{} is {other}: reactivate the account first.",
                target.display_name
            )));
        }
    };
    let company = resources(&txn, user_id)
        .await?
        .first()
        .and_then(|r| r.company)
        .map(|c| c.0);
    audit::record(
        &txn,
        Event::new("member.credentials_sent", actor(who, client))
            .subject(user_id)
            .company(company)
            .detail(detail),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
