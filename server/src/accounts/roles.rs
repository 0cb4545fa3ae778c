//! Giving members roles and taking them away, under the company
//! invariants, checked in the same transaction as the change.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{AssignmentRow, GivenRole};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{MemberSnapshot, RoleRef, Scope, UserId, check_company_invariants};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::{actor, custom_roles, members};
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{company, department_member, role_assignment};
use crate::error::{ServerError, internal};
use crate::identity::scope_of;

async fn place<C: ConnectionTrait>(
    conn: &C,
    r: &role_assignment::Model,
) -> Result<String, ServerError> {
    match r.company_id {
        None => Ok("the platform".into()),
        Some(c) => match r.project_id {
            Some(p) => super::projects::place_name(conn, c, p).await,
            None => super::invitations::place_name(conn, c, r.department_id).await,
        },
    }
}

pub async fn list(db: &Db, user_id: i64) -> Result<Vec<AssignmentRow>, ServerError> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .order_by_asc(role_assignment::Column::Id)
        .all(&db.read)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(role) = custom_roles::given_by_slug(&db.read, &r.role).await? else {
            continue;
        };
        out.push(AssignmentRow {
            id: r.id,
            role,
            place: place(&db.read, &r).await?,
            company_id: r.company_id,
            department_id: r.department_id,
            project_id: r.project_id,
            removable: false,
        });
    }
    Ok(out)
}

/// The member, role and scope of an assignment.
pub async fn find(db: &Db, id: i64) -> Result<Option<(i64, GivenRole, Scope)>, ServerError> {
    let Some(r) = role_assignment::Entity::find_by_id(id)
        .one(&db.read)
        .await?
    else {
        return Ok(None);
    };
    Ok(custom_roles::given_by_slug(&db.read, &r.role)
        .await?
        .map(|role| (r.user_id, role, scope_of(&r))))
}

pub async fn assign(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    user_id: i64,
    role: &GivenRole,
    scope: Scope,
) -> Result<(), AppError> {
    let company_id = scope.company().map(|c| c.0);
    let department_id = match scope {
        Scope::Department(_, d) => Some(d.0),
        _ => None,
    };
    let project_id = match scope {
        Scope::Project(_, p) => Some(p.0),
        _ => None,
    };
    let txn = db.begin_write().await.map_err(internal)?;
    // A member of that company already: bringing someone in is an invitation.
    let member_there = members::resources(&txn, user_id)
        .await?
        .iter()
        .any(|r| r.company.map(|c| c.0) == company_id);
    if !member_there {
        return Err(AppError::NotFound(
            "That person is not a member of this company; invite them instead.".into(),
        ));
    }
    let mut same = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.eq(role.role.slug()));
    same = match company_id {
        Some(c) => same.filter(role_assignment::Column::CompanyId.eq(c)),
        None => same.filter(role_assignment::Column::CompanyId.is_null()),
    };
    same = match department_id {
        Some(d) => same.filter(role_assignment::Column::DepartmentId.eq(d)),
        None => same.filter(role_assignment::Column::DepartmentId.is_null()),
    };
    same = match project_id {
        Some(p) => same.filter(role_assignment::Column::ProjectId.eq(p)),
        None => same.filter(role_assignment::Column::ProjectId.is_null()),
    };
    if same.one(&txn).await.map_err(internal)?.is_some() {
        return Err(AppError::Conflict(format!(
            "The member already holds {} there.",
            role.name
        )));
    }
    role_assignment::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.role.slug()),
        company_id: Set(company_id),
        department_id: Set(department_id),
        project_id: Set(project_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    if let Some(d) = department_id {
        let member = department_member::Entity::find()
            .filter(department_member::Column::UserId.eq(user_id))
            .filter(department_member::Column::DepartmentId.eq(d))
            .one(&txn)
            .await
            .map_err(internal)?;
        if member.is_none() {
            department_member::ActiveModel {
                department_id: Set(d),
                user_id: Set(user_id),
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
        }
    }
    audit::record(
        &txn,
        Event::new("role.assigned", actor(who, client))
            .subject(user_id)
            .company(company_id)
            .detail(role.name.clone()),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

pub async fn remove(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let gone = || AppError::NotFound("That role assignment no longer exists.".into());
    let first = role_assignment::Entity::find_by_id(id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(gone)?;
    // Lock the company first (PostgreSQL; SQLite's write transaction is
    // exclusive already), then read again: of many concurrent demotions,
    // each sees the ones before it.
    let locked = match first.company_id {
        Some(c) => company::Entity::find_by_id(c)
            .lock_exclusive()
            .one(&txn)
            .await
            .map_err(internal)?,
        None => None,
    };
    let row = role_assignment::Entity::find_by_id(id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(gone)?;
    if let Some(c) = &locked
        && let Some(kind) = imprimatur_core::CompanyKind::from_slug(&c.kind)
    {
        let before = members::snapshot(&txn, c.id).await?;
        let role = RoleRef::from_slug(&row.role);
        let after: Vec<MemberSnapshot> = before
            .iter()
            .cloned()
            .map(|mut m| {
                if m.user == UserId(row.user_id)
                    && let Some(at) = m.roles.iter().position(|r| Some(*r) == role)
                {
                    m.roles.remove(at);
                }
                m
            })
            .collect();
        if let Some(v) = check_company_invariants(kind, &before, &after).first() {
            return Err(AppError::Conflict(format!(
                "{} This role cannot be taken away.",
                v.explain()
            )));
        }
    }
    role_assignment::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::record(
        &txn,
        Event::new("role.removed", actor(who, client))
            .subject(row.user_id)
            .company(row.company_id)
            .detail(
                custom_roles::given_by_slug(&txn, &row.role)
                    .await?
                    .map(|r| r.name)
                    .unwrap_or_default(),
            ),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
