//! Roles a person holds beyond their own assignments, as `core` reads
//! them: through their groups, and the definitions of custom roles. Loading
//! an identity needs both, so they live below the accounts that manage them.

use std::collections::BTreeMap;

use imprimatur_core::{
    Assignment, CompanyId, CustomRole, CustomRoleId, DepartmentId, Family, GroupId, Permission,
    Reach, RoleRef, Scope,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::db::entities::{custom_role, custom_role_grant, group_member, group_role, member_group};
use crate::error::ServerError;

/// The definitions of the custom roles `ids`, as `core` reads them.
pub async fn definitions<C: ConnectionTrait>(
    conn: &C,
    ids: &[i64],
) -> Result<Vec<CustomRole>, ServerError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let roles = custom_role::Entity::find()
        .filter(custom_role::Column::Id.is_in(ids.to_vec()))
        .order_by_asc(custom_role::Column::Name)
        .all(conn)
        .await?;
    let mut grants: BTreeMap<i64, Vec<(Permission, Reach)>> = BTreeMap::new();
    for g in custom_role_grant::Entity::find()
        .filter(custom_role_grant::Column::RoleId.is_in(ids.to_vec()))
        .all(conn)
        .await?
    {
        // A permission or reach this build no longer knows grants nothing.
        let reach = u8::try_from(g.reach).ok().and_then(Reach::from_code);
        if let (Some(p), Some(r)) = (Permission::from_slug(&g.permission), reach) {
            grants.entry(g.role_id).or_default().push((p, r));
        }
    }
    let mut out = Vec::with_capacity(roles.len());
    for r in roles {
        let family = Family::from_slug(&r.family)
            .ok_or_else(|| ServerError::Corrupt(format!("unknown family {:?}", r.family)))?;
        out.push(CustomRole {
            id: CustomRoleId(r.id),
            company: CompanyId(r.company_id),
            name: r.name,
            family,
            grants: grants.remove(&r.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The roles `user_id` holds through groups, as `core` reads them, with
/// "(group name)" for showing where each comes from.
pub async fn assignments_of<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<(Assignment, String)>, ServerError> {
    let memberships: Vec<i64> = group_member::Entity::find()
        .filter(group_member::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.group_id)
        .collect();
    if memberships.is_empty() {
        return Ok(Vec::new());
    }
    let groups: BTreeMap<i64, member_group::Model> = member_group::Entity::find()
        .filter(member_group::Column::Id.is_in(memberships.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut out = Vec::new();
    for r in group_role::Entity::find()
        .filter(group_role::Column::GroupId.is_in(memberships))
        .all(conn)
        .await?
    {
        let (Some(g), Some(role)) = (groups.get(&r.group_id), RoleRef::from_slug(&r.role)) else {
            continue;
        };
        let mut a = Assignment::new(role, group_scope(g.company_id, r.department_id));
        a.via_group = Some(GroupId(g.id));
        out.push((a, g.name.clone()));
    }
    Ok(out)
}

fn group_scope(company_id: i64, department_id: Option<i64>) -> Scope {
    match department_id {
        Some(d) => Scope::Department(CompanyId(company_id), DepartmentId(d)),
        None => Scope::Company(CompanyId(company_id)),
    }
}
