//! Publication types assigned to departments: what each department's
//! members may see and order. The server functions asked `core` first.

use std::collections::{BTreeMap, BTreeSet};

use imprimatur_app::error::AppError;
use imprimatur_app::model::{CompanyPublicationTypes, DepartmentTypesRow};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::Filter;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{department, department_publication_type as assigned, product};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};

/// The most departments one page lists.
const PAGE: u64 = 1_000;

fn columns() -> Columns {
    Columns {
        id: Some(Expr::col((department::Entity, department::Column::Id))),
        company: Some(Expr::col((
            department::Entity,
            department::Column::CompanyId,
        ))),
        department: Some(Expr::col((department::Entity, department::Column::Id))),
        owner: None,
        project: None,
        chapter: None,
        state: None,
        approver: None,
        publication_type: None,
    }
}

/// The types each of `departments` is limited to.
async fn assigned_to<C: ConnectionTrait>(
    conn: &C,
    departments: Vec<i64>,
) -> Result<BTreeMap<i64, Vec<String>>, ServerError> {
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for row in assigned::Entity::find()
        .filter(assigned::Column::DepartmentId.is_in(departments))
        .order_by_asc(assigned::Column::PublicationType)
        .all(conn)
        .await?
    {
        out.entry(row.department_id)
            .or_default()
            .push(row.publication_type);
    }
    Ok(out)
}

/// The publication types of each company's products, switched off ones too.
async fn product_types<C: ConnectionTrait>(
    conn: &C,
    companies: Vec<i64>,
) -> Result<BTreeMap<i64, BTreeSet<String>>, ServerError> {
    let pairs: Vec<(i64, String)> = product::Entity::find()
        .select_only()
        .column(product::Column::CompanyId)
        .column(product::Column::PublicationType)
        .distinct()
        .filter(product::Column::CompanyId.is_in(companies))
        .into_tuple()
        .all(conn)
        .await?;
    let mut out: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for (company, t) in pairs {
        out.entry(company).or_default().insert(t);
    }
    Ok(out)
}

pub async fn list(db: &Db, filter: &Filter) -> Result<Vec<CompanyPublicationTypes>, ServerError> {
    let found = department::Entity::find()
        .filter(condition(filter, &columns()))
        .order_by_asc(department::Column::CompanyId)
        .order_by_asc(department::Column::Name)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    let mut company_ids: Vec<i64> = found.iter().map(|d| d.company_id).collect();
    company_ids.dedup();
    let names = super::names::companies(&db.read, company_ids.clone()).await?;
    let mut known = product_types(&db.read, company_ids).await?;
    let mut limits = assigned_to(&db.read, found.iter().map(|d| d.id).collect()).await?;
    let mut out: Vec<CompanyPublicationTypes> = Vec::new();
    for d in found {
        let types = limits.remove(&d.id);
        let company_known = known.entry(d.company_id).or_default();
        company_known.extend(types.iter().flatten().cloned());
        let row = DepartmentTypesRow {
            department_id: d.id,
            name: d.name,
            types,
        };
        match out.last_mut() {
            Some(c) if c.company_id == d.company_id => c.departments.push(row),
            _ => out.push(CompanyPublicationTypes {
                company_id: d.company_id,
                company: names.get(&d.company_id).cloned().unwrap_or_default(),
                known: Vec::new(),
                departments: vec![row],
            }),
        }
    }
    for c in &mut out {
        c.known = known
            .remove(&c.company_id)
            .unwrap_or_default()
            .into_iter()
            .collect();
    }
    Ok(out)
}

pub async fn choices(
    db: &Db,
    department_id: i64,
) -> Result<Option<(i64, Vec<String>)>, ServerError> {
    let Some(d) = department::Entity::find_by_id(department_id)
        .one(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let mut known = product_types(&db.read, vec![d.company_id])
        .await?
        .remove(&d.company_id)
        .unwrap_or_default();
    known.extend(
        assigned_to(&db.read, vec![d.id])
            .await?
            .into_values()
            .flatten(),
    );
    Ok(Some((d.company_id, known.into_iter().collect())))
}

pub async fn assign(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    department_id: i64,
    company_id: i64,
    limit: Option<Vec<String>>,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let name = department::Entity::find_by_id(department_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .map(|d| d.name)
        .ok_or_else(|| AppError::NotFound("There is no such department.".into()))?;
    assigned::Entity::delete_many()
        .filter(assigned::Column::DepartmentId.eq(department_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    let detail = match &limit {
        None => format!("{name}: every publication type"),
        Some(types) => format!("{name}: {}", types.join(", ")),
    };
    if let Some(types) = limit.filter(|t| !t.is_empty()) {
        assigned::Entity::insert_many(types.into_iter().map(|t| assigned::ActiveModel {
            department_id: sea_orm::Set(department_id),
            publication_type: sea_orm::Set(t),
        }))
        .exec(&txn)
        .await
        .map_err(internal)?;
    }
    audit::record(
        &txn,
        Event::new("department.publication_types", actor(who, client))
            .company(Some(company_id))
            .detail(detail),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
