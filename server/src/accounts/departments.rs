//! Departments: where the person may add them, adding one, and putting
//! members in and out.

use imprimatur_app::error::AppError;
use imprimatur_app::model::{CompanyDepartments, MemberDepartment};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{
    CompanyId, Filter, Permission, Principal, Resource, ResourceKind, authorize,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::{actor, places};
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{company, department, department_member, role_assignment};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};

/// Companies where `core` lets the person add departments, with theirs.
pub async fn where_may_create(
    db: &Db,
    who: &RequestIdentity,
) -> Result<Vec<CompanyDepartments>, ServerError> {
    let me = Principal::User(who.user.principal.clone());
    let mut out = Vec::new();
    for c in places::reachable_companies(&db.read, &who.user.principal, None).await? {
        let here = Resource::in_company(ResourceKind::Department, CompanyId(c.id));
        if !authorize(&me, Permission::DepartmentsCreate, &here).is_allowed() {
            continue;
        }
        let departments = department::Entity::find()
            .filter(department::Column::CompanyId.eq(c.id))
            .order_by_asc(department::Column::Name)
            .all(&db.read)
            .await?
            .into_iter()
            .map(|d| d.name)
            .collect();
        out.push(CompanyDepartments {
            company_id: c.id,
            company: c.name,
            departments,
        });
    }
    Ok(out)
}

pub async fn create(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    name: &str,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let clash = department::Entity::find()
        .filter(department::Column::CompanyId.eq(company_id))
        .all(&txn)
        .await
        .map_err(internal)?
        .into_iter()
        .any(|d| d.name.to_lowercase() == name.to_lowercase());
    if clash {
        return Err(AppError::Conflict(format!(
            "The company already has a department called \u{201c}{name}\u{201d}."
        )));
    }
    department::ActiveModel {
        company_id: Set(company_id),
        name: Set(name.to_string()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    audit::record(
        &txn,
        Event::new("department.created", actor(who, client))
            .company(Some(company_id))
            .detail(name),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// The departments of the companies `user_id` holds roles in where
/// `filter` (the viewer's visibility of members) lets the member be seen,
/// by place; filtered in SQL.
pub async fn of_member(
    db: &Db,
    user_id: i64,
    filter: &Filter,
) -> Result<Vec<MemberDepartment>, ServerError> {
    // The member as seen in each department: that company, that department.
    let cols = Columns {
        id: Some(Expr::val(user_id)),
        company: Some(Expr::col((
            department::Entity,
            department::Column::CompanyId,
        ))),
        department: Some(Expr::col((department::Entity, department::Column::Id))),
        owner: Some(Expr::val(user_id)),
        project: None,
        chapter: None,
        state: None,
        publication_type: None,
        approver: None,
    };
    let companies: Vec<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .all(&db.read)
        .await?
        .into_iter()
        .filter_map(|r| r.company_id)
        .collect();
    let names: std::collections::HashMap<i64, String> = company::Entity::find()
        .filter(company::Column::Id.is_in(companies.clone()))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mine: Vec<i64> = department_member::Entity::find()
        .filter(department_member::Column::UserId.eq(user_id))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|m| m.department_id)
        .collect();
    let mut out: Vec<MemberDepartment> = department::Entity::find()
        .filter(department::Column::CompanyId.is_in(companies))
        .filter(condition(filter, &cols))
        .order_by_asc(department::Column::Name)
        .all(&db.read)
        .await?
        .into_iter()
        .map(|d| MemberDepartment {
            company_id: d.company_id,
            department_id: d.id,
            place: format!(
                "{} / {}",
                names.get(&d.company_id).cloned().unwrap_or_default(),
                d.name
            ),
            member: mine.contains(&d.id),
            may_change: false,
        })
        .collect();
    out.sort_by(|a, b| a.place.cmp(&b.place));
    Ok(out)
}

/// Put the member in the department, or take them out; a member who holds
/// a role at the department stays in it.
pub async fn place(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    user_id: i64,
    department_id: i64,
    member: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let d = department::Entity::find_by_id(department_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such department.".into()))?;
    let now_in = department_member::Entity::find()
        .filter(department_member::Column::UserId.eq(user_id))
        .filter(department_member::Column::DepartmentId.eq(department_id))
        .one(&txn)
        .await
        .map_err(internal)?
        .is_some();
    if now_in == member {
        return Err(AppError::Conflict(
            if member {
                "They are in that department already."
            } else {
                "They are not in that department."
            }
            .into(),
        ));
    }
    if member {
        department_member::ActiveModel {
            department_id: Set(department_id),
            user_id: Set(user_id),
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
    } else {
        let held = role_assignment::Entity::find()
            .filter(role_assignment::Column::UserId.eq(user_id))
            .filter(role_assignment::Column::DepartmentId.eq(department_id))
            .one(&txn)
            .await
            .map_err(internal)?;
        if let Some(r) = held {
            let role = imprimatur_core::Role::from_slug(&r.role)
                .map(imprimatur_core::Role::name)
                .unwrap_or("a role");
            return Err(AppError::Conflict(format!(
                "They hold {role} in {}; take that role away first.",
                d.name
            )));
        }
        department_member::Entity::delete_many()
            .filter(department_member::Column::UserId.eq(user_id))
            .filter(department_member::Column::DepartmentId.eq(department_id))
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
    audit::record(
        &txn,
        Event::new(
            if member {
                "member.department_added"
            } else {
                "member.department_removed"
            },
            actor(who, client),
        )
        .subject(user_id)
        .company(Some(d.company_id))
        .detail(d.name),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
