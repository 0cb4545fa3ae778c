//! A company's own roles (PrintShop Mail Web): stored definitions, saving
//! and deleting them in one transaction with their audit record, and what a
//! change would do to the members holding one. Callers have asked `core`.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{CustomRoleRow, CustomRoles, GivenRole, HolderChange};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{CompanyKind, CustomRole, CustomRoleId, Family, RoleRef, role_change_effect};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::{actor, record_and_commit};
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{
    company, custom_role, custom_role_grant, group_member, group_role, invitation, role_assignment,
    user,
};
use crate::error::{ServerError, internal};
use crate::identity;
pub use crate::identity::held_roles::definitions;

/// The stored id of a definition: `None` for a role not saved yet (id 0).
fn stored(role: &CustomRole) -> Option<i64> {
    (role.id.0 > 0).then_some(role.id.0)
}

/// A company's custom roles, with how many members hold each.
pub async fn page(db: &Db, company_id: i64) -> Result<Option<CustomRoles>, AppError> {
    let Some(c) = company::Entity::find_by_id(company_id)
        .one(&db.read)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let kind = CompanyKind::from_slug(&c.kind).ok_or(AppError::Internal)?;
    let ids: Vec<i64> = custom_role::Entity::find()
        .filter(custom_role::Column::CompanyId.eq(company_id))
        .all(&db.read)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut roles = Vec::with_capacity(ids.len());
    for role in definitions(&db.read, &ids).await? {
        roles.push(CustomRoleRow {
            holders: holders(&db.read, role.id.0).await?.len() as u64,
            id: role.id.0,
            name: role.name,
            family: role.family,
            grants: role.grants,
        });
    }
    Ok(Some(CustomRoles {
        company_id,
        company_name: c.name,
        kind,
        customer_family: c.customer_family.as_deref().and_then(Family::from_slug),
        roles,
    }))
}

/// The members holding custom role `id`, directly or through a group (each
/// once).
async fn holders<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Vec<i64>, ServerError> {
    let slug = RoleRef::Custom(CustomRoleId(id)).slug();
    let mut users: Vec<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(slug.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    let groups: Vec<i64> = group_role::Entity::find()
        .filter(group_role::Column::Role.eq(slug.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|g| g.group_id)
        .collect();
    users.extend(
        group_member::Entity::find()
            .filter(group_member::Column::GroupId.is_in(groups))
            .all(conn)
            .await?
            .into_iter()
            .map(|m| m.user_id),
    );
    users.sort_unstable();
    users.dedup();
    Ok(users)
}

fn gone() -> AppError {
    AppError::NotFound("That role no longer exists.".into())
}

async fn find_in<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
    id: i64,
) -> Result<custom_role::Model, AppError> {
    custom_role::Entity::find_by_id(id)
        .filter(custom_role::Column::CompanyId.eq(company_id))
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(gone)
}

/// The company's role `id`, ready to give.
pub async fn given(db: &Db, company_id: i64, id: i64) -> Result<GivenRole, AppError> {
    find_in(&db.read, company_id, id).await?;
    definitions(&db.read, &[id])
        .await?
        .into_iter()
        .next()
        .map(GivenRole::custom)
        .ok_or_else(gone)
}

/// The role an assignment row names (`None`: unknown to this build).
pub async fn given_by_slug<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
) -> Result<Option<GivenRole>, ServerError> {
    Ok(match RoleRef::from_slug(slug) {
        Some(RoleRef::Builtin(r)) => Some(GivenRole::builtin(r)),
        Some(RoleRef::Custom(id)) => definitions(conn, &[id.0])
            .await?
            .into_iter()
            .next()
            .map(GivenRole::custom),
        None => None,
    })
}

/// What saving `changed` would change for each member holding it.
pub async fn holder_changes(db: &Db, changed: &CustomRole) -> Result<Vec<HolderChange>, AppError> {
    let Some(id) = stored(changed) else {
        return Ok(Vec::new());
    };
    find_in(&db.read, changed.company.0, id).await?;
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(holders(&db.read, id).await?))
        .order_by_asc(user::Column::DisplayName)
        .all(&db.read)
        .await
        .map_err(internal)?;
    let mut out = Vec::new();
    for u in users {
        let current = identity::load(db, &u).await?;
        let effect = role_change_effect(&current.principal, changed);
        if !effect.is_empty() {
            out.push(HolderChange {
                name: u.display_name,
                email: u.email,
                gained: effect.gained,
                lost: effect.lost,
            });
        }
    }
    Ok(out)
}

/// Create or change a role; its id.
pub async fn save(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    role: &CustomRole,
) -> Result<i64, AppError> {
    let company_id = role.company.0;
    let txn = db.begin_write().await.map_err(internal)?;
    let mut same_name = custom_role::Entity::find()
        .filter(custom_role::Column::CompanyId.eq(company_id))
        .filter(custom_role::Column::Name.eq(role.name.as_str()));
    if let Some(id) = stored(role) {
        same_name = same_name.filter(custom_role::Column::Id.ne(id));
    }
    if same_name.count(&txn).await.map_err(internal)? > 0 {
        return Err(AppError::Conflict(format!(
            "The company already has a role called \u{201c}{}\u{201d}.",
            role.name
        )));
    }
    let now = Utc::now();
    let (id, action) = match stored(role) {
        Some(id) => {
            let row = find_in(&txn, company_id, id).await?;
            if row.family != role.family.slug() {
                return Err(AppError::Conflict(
                    "A role's family is fixed once it exists; build a new role instead.".into(),
                ));
            }
            let mut active: custom_role::ActiveModel = row.into();
            active.name = Set(role.name.clone());
            active.updated_at = Set(now);
            active.update(&txn).await.map_err(internal)?;
            custom_role_grant::Entity::delete_many()
                .filter(custom_role_grant::Column::RoleId.eq(id))
                .exec(&txn)
                .await
                .map_err(internal)?;
            (id, "role.custom_changed")
        }
        None => {
            let row = custom_role::ActiveModel {
                company_id: Set(company_id),
                name: Set(role.name.clone()),
                family: Set(role.family.slug().to_string()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            (row.id, "role.custom_created")
        }
    };
    let mut grants = role.grants.clone();
    grants.sort_by_key(|(p, r)| (p.slug(), r.code()));
    grants.dedup();
    custom_role_grant::Entity::insert_many(grants.iter().map(|(p, r)| {
        custom_role_grant::ActiveModel {
            role_id: Set(id),
            permission: Set(p.slug().to_string()),
            reach: Set(i16::from(r.code())),
        }
    }))
    .exec(&txn)
    .await
    .map_err(internal)?;
    audit::record(
        &txn,
        Event::new(action, actor(who, client))
            .company(Some(company_id))
            .detail(format!("{} ({} permissions)", role.name, grants.len())),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(id)
}

/// Delete a role nobody holds.
pub async fn delete(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let row = find_in(&txn, company_id, id).await?;
    let held = holders(&txn, id).await?.len();
    if held > 0 {
        return Err(AppError::Conflict(format!(
            "{held} member(s) hold \u{201c}{}\u{201d}; take it away from them first.",
            row.name
        )));
    }
    let groups = group_role::Entity::find()
        .filter(group_role::Column::Role.eq(RoleRef::Custom(CustomRoleId(id)).slug()))
        .count(&txn)
        .await
        .map_err(internal)?;
    if groups > 0 {
        return Err(AppError::Conflict(format!(
            "{groups} group(s) hold \u{201c}{}\u{201d}; take it away from them first.",
            row.name
        )));
    }
    let invited = invitation::Entity::find()
        .filter(invitation::Column::Role.eq(RoleRef::Custom(CustomRoleId(id)).slug()))
        .filter(invitation::Column::State.eq("pending"))
        .count(&txn)
        .await
        .map_err(internal)?;
    if invited > 0 {
        return Err(AppError::Conflict(format!(
            "{invited} pending invitation(s) offer \u{201c}{}\u{201d}; cancel them first.",
            row.name
        )));
    }
    custom_role_grant::Entity::delete_many()
        .filter(custom_role_grant::Column::RoleId.eq(id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    custom_role::Entity::delete_by_id(id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    record_and_commit(
        txn,
        who,
        client,
        "role.custom_deleted",
        company_id,
        row.name,
    )
    .await?;
    Ok(())
}
