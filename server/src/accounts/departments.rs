//! Departments: where the person may add them, and adding one.

use imprimatur_app::error::AppError;
use imprimatur_app::model::CompanyDepartments;
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{CompanyId, Permission, Principal, Resource, ResourceKind, authorize};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::{actor, places};
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::department;
use crate::error::{ServerError, internal};

/// Companies where `core` lets the person add departments, with theirs.
pub async fn where_may_create(
    db: &Db,
    who: &RequestIdentity,
) -> Result<Vec<CompanyDepartments>, ServerError> {
    let me = Principal::User(who.user.principal.clone());
    let mut out = Vec::new();
    for c in places::reachable_companies(&db.read, &who.user.principal).await? {
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
