//! Member groups behind the server functions: creating and deleting them,
//! who is in them, and the roles given to them, each change in one
//! transaction with its audit record. Callers have asked `core`.

use std::collections::BTreeMap;

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{
    GivenRole, GroupMemberRow, GroupRoleRow, GroupRow, Groups, InvitePlace, RoleThroughGroup,
};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{CompanyId, DepartmentId, Scope};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::{actor, custom_roles, record_and_commit};
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{
    company, department, group_member, group_role, member_group, role_assignment, user,
};
use crate::error::internal;
use crate::identity::held_roles::assignments_of;
use crate::identity::normalize_email;

fn no_group() -> AppError {
    AppError::NotFound("There is no such group in this company.".into())
}

async fn group_in<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
    group_id: i64,
) -> Result<member_group::Model, AppError> {
    member_group::Entity::find_by_id(group_id)
        .filter(member_group::Column::CompanyId.eq(company_id))
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(no_group)
}

fn scope_of(company_id: i64, department_id: Option<i64>) -> Scope {
    match department_id {
        Some(d) => Scope::Department(CompanyId(company_id), DepartmentId(d)),
        None => Scope::Company(CompanyId(company_id)),
    }
}

/// The roles `user_id` holds through groups, named for their page.
pub async fn roles_of_member(db: &Db, user_id: i64) -> Result<Vec<RoleThroughGroup>, AppError> {
    let mut out = Vec::new();
    for (a, group) in assignments_of(&db.read, user_id).await? {
        let Some(role) = custom_roles::given_by_slug(&db.read, &a.role.slug()).await? else {
            continue;
        };
        let company = a.scope.company().map(|c| c.0).unwrap_or_default();
        let department = match a.scope {
            Scope::Department(_, d) => Some(d.0),
            _ => None,
        };
        out.push(RoleThroughGroup {
            role: role.name,
            place: super::invitations::place_name(&db.read, company, department).await?,
            group,
        });
    }
    Ok(out)
}

/// A company's groups with their members and roles; `places` are where the
/// viewer may give groups roles.
pub async fn page(
    db: &Db,
    company_id: i64,
    places: Vec<InvitePlace>,
) -> Result<Option<Groups>, AppError> {
    let Some(c) = company::Entity::find_by_id(company_id)
        .one(&db.read)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let groups = member_group::Entity::find()
        .filter(member_group::Column::CompanyId.eq(company_id))
        .order_by_asc(member_group::Column::Name)
        .all(&db.read)
        .await
        .map_err(internal)?;
    let ids: Vec<i64> = groups.iter().map(|g| g.id).collect();
    let mut members: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for m in group_member::Entity::find()
        .filter(group_member::Column::GroupId.is_in(ids.clone()))
        .all(&db.read)
        .await
        .map_err(internal)?
    {
        members.entry(m.group_id).or_default().push(m.user_id);
    }
    let people: BTreeMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(members.values().flatten().copied().collect::<Vec<_>>()))
        .order_by_asc(user::Column::DisplayName)
        .all(&db.read)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let departments: BTreeMap<i64, String> = department::Entity::find()
        .filter(department::Column::CompanyId.eq(company_id))
        .all(&db.read)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut roles: BTreeMap<i64, Vec<GroupRoleRow>> = BTreeMap::new();
    for r in group_role::Entity::find()
        .filter(group_role::Column::GroupId.is_in(ids))
        .order_by_asc(group_role::Column::Id)
        .all(&db.read)
        .await
        .map_err(internal)?
    {
        let Some(role) = custom_roles::given_by_slug(&db.read, &r.role).await? else {
            continue;
        };
        let place = match r.department_id.and_then(|d| departments.get(&d)) {
            Some(d) => format!("{} / {d}", c.name),
            None => c.name.clone(),
        };
        roles.entry(r.group_id).or_default().push(GroupRoleRow {
            id: r.id,
            role: role.name,
            place,
        });
    }
    let groups = groups
        .into_iter()
        .map(|g| {
            let mut in_group: Vec<GroupMemberRow> = members
                .remove(&g.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|id| people.get(&id))
                .map(|u| GroupMemberRow {
                    user_id: u.id,
                    name: u.display_name.clone(),
                    email: u.email.clone(),
                })
                .collect();
            in_group.sort_by(|a, b| a.name.cmp(&b.name));
            GroupRow {
                roles: roles.remove(&g.id).unwrap_or_default(),
                id: g.id,
                name: g.name,
                members: in_group,
            }
        })
        .collect();
    Ok(Some(Groups {
        company_id,
        company_name: c.name,
        groups,
        places,
    }))
}

pub async fn create(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    name: &str,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let taken = member_group::Entity::find()
        .filter(member_group::Column::CompanyId.eq(company_id))
        .filter(member_group::Column::Name.eq(name))
        .count(&txn)
        .await
        .map_err(internal)?
        > 0;
    if taken {
        return Err(AppError::Conflict(format!(
            "The company already has a group called \u{201c}{name}\u{201d}."
        )));
    }
    member_group::ActiveModel {
        company_id: Set(company_id),
        name: Set(name.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    record_and_commit(
        txn,
        who,
        client,
        "group.created",
        company_id,
        name.to_string(),
    )
    .await
}

pub async fn delete(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    group_id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let g = group_in(&txn, company_id, group_id).await?;
    group_role::Entity::delete_many()
        .filter(group_role::Column::GroupId.eq(g.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    group_member::Entity::delete_many()
        .filter(group_member::Column::GroupId.eq(g.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    member_group::Entity::delete_by_id(g.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    record_and_commit(txn, who, client, "group.deleted", company_id, g.name).await
}

/// Put the member with `email` into the group, or take them out. Only
/// members of the company (people holding a role there) join its groups.
pub async fn set_member(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    group_id: i64,
    email: &str,
    member: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let g = group_in(&txn, company_id, group_id).await?;
    let not_member =
        || AppError::NotFound("Nobody with that address is a member of this company.".into());
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(normalize_email(email)))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(not_member)?;
    let in_company = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(u.id))
        .filter(role_assignment::Column::CompanyId.eq(company_id))
        .count(&txn)
        .await
        .map_err(internal)?
        > 0;
    if !in_company {
        return Err(not_member());
    }
    let row = group_member::Entity::find_by_id((g.id, u.id))
        .one(&txn)
        .await
        .map_err(internal)?;
    let action = match (member, row) {
        (true, Some(_)) => {
            return Err(AppError::Conflict(format!(
                "{} is in \u{201c}{}\u{201d} already.",
                u.display_name, g.name
            )));
        }
        (false, None) => {
            return Err(AppError::Conflict(format!(
                "{} is not in \u{201c}{}\u{201d}.",
                u.display_name, g.name
            )));
        }
        (true, None) => {
            group_member::ActiveModel {
                group_id: Set(g.id),
                user_id: Set(u.id),
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            "group.member_added"
        }
        (false, Some(_)) => {
            group_member::Entity::delete_by_id((g.id, u.id))
                .exec(&txn)
                .await
                .map_err(internal)?;
            "group.member_removed"
        }
    };
    audit::record(
        &txn,
        Event::new(action, actor(who, client))
            .subject(u.id)
            .company(Some(company_id))
            .detail(g.name),
    )
    .await?;
    txn.commit().await.map_err(internal)
}

pub async fn give_role(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    group_id: i64,
    role: &GivenRole,
    scope: Scope,
) -> Result<(), AppError> {
    let company_id = scope.company().map(|c| c.0).ok_or(AppError::Internal)?;
    let department_id = match scope {
        Scope::Department(_, d) => Some(d.0),
        _ => None,
    };
    let txn = db.begin_write().await.map_err(internal)?;
    let g = group_in(&txn, company_id, group_id).await?;
    let mut same = group_role::Entity::find()
        .filter(group_role::Column::GroupId.eq(g.id))
        .filter(group_role::Column::Role.eq(role.role.slug()));
    same = match department_id {
        Some(d) => same.filter(group_role::Column::DepartmentId.eq(d)),
        None => same.filter(group_role::Column::DepartmentId.is_null()),
    };
    if same.count(&txn).await.map_err(internal)? > 0 {
        return Err(AppError::Conflict(format!(
            "\u{201c}{}\u{201d} holds {} there already.",
            g.name, role.name
        )));
    }
    group_role::ActiveModel {
        group_id: Set(g.id),
        role: Set(role.role.slug()),
        department_id: Set(department_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    record_and_commit(
        txn,
        who,
        client,
        "group.role_given",
        company_id,
        format!("{} to {}", role.name, g.name),
    )
    .await
}

/// The role and scope of a group's role `id` in `company_id`.
pub async fn role(
    db: &Db,
    company_id: i64,
    id: i64,
) -> Result<Option<(GivenRole, Scope)>, AppError> {
    let Some(r) = group_role::Entity::find_by_id(id)
        .one(&db.read)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    if group_in(&db.read, company_id, r.group_id).await.is_err() {
        return Ok(None);
    }
    Ok(custom_roles::given_by_slug(&db.read, &r.role)
        .await?
        .map(|role| (role, scope_of(company_id, r.department_id))))
}

pub async fn take_role(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let gone = || AppError::NotFound("The group no longer holds that role.".into());
    let r = group_role::Entity::find_by_id(id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(gone)?;
    let g = group_in(&txn, company_id, r.group_id)
        .await
        .map_err(|_| gone())?;
    group_role::Entity::delete_by_id(r.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    let name = custom_roles::given_by_slug(&txn, &r.role)
        .await?
        .map(|role| role.name)
        .unwrap_or_default();
    record_and_commit(
        txn,
        who,
        client,
        "group.role_taken",
        company_id,
        format!("{name} from {}", g.name),
    )
    .await
}
