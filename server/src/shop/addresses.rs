//! Company and personal addresses, listed in SQL from core's visibility.

use std::collections::HashMap;

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{AddressBook, AddressPlace, AddressRow};
use imprimatur_app::ssr::{Client, RequestIdentity, SavedAddress};
use imprimatur_core::Filter;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{address, company, department};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};

/// More than any company keeps; a bound, not a page.
const MAX_LISTED: u64 = 500;

fn columns() -> Columns {
    let col = |c: address::Column| Some(Expr::col((address::Entity, c)));
    Columns {
        id: col(address::Column::Id),
        company: col(address::Column::CompanyId),
        department: col(address::Column::DepartmentId),
        owner: col(address::Column::OwnerId),
        project: None,
        chapter: None,
        state: None,
        publication_type: None,
        approver: None,
    }
}

pub async fn one<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<AddressRow>, ServerError> {
    let found = address::Entity::find_by_id(id).all(conn).await?;
    Ok(rows(conn, found).await?.pop())
}

pub async fn book<C: ConnectionTrait>(
    conn: &C,
    company_filter: &Filter,
    personal_filter: &Filter,
) -> Result<AddressBook, ServerError> {
    let mut out = AddressBook::default();
    for (filter, personal) in [(company_filter, false), (personal_filter, true)] {
        if *filter == Filter::None {
            continue;
        }
        let kind = if personal {
            address::Column::OwnerId.is_not_null()
        } else {
            address::Column::OwnerId.is_null()
        };
        let found = address::Entity::find()
            .filter(kind)
            .filter(condition(filter, &columns()))
            .order_by_asc(address::Column::CompanyId)
            .order_by_asc(address::Column::Name)
            .limit(MAX_LISTED)
            .all(conn)
            .await?;
        let list = rows(conn, found).await?;
        if personal {
            out.personal = list;
        } else {
            out.company = list;
        }
    }
    Ok(out)
}

async fn rows<C: ConnectionTrait>(
    conn: &C,
    found: Vec<address::Model>,
) -> Result<Vec<AddressRow>, ServerError> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let companies =
        super::names::companies(conn, found.iter().map(|a| a.company_id).collect()).await?;
    let departments =
        super::names::departments(conn, found.iter().filter_map(|a| a.department_id).collect())
            .await?;
    let owners = super::names::people(
        conn,
        found.iter().filter_map(|a| a.owner_id).collect::<Vec<_>>(),
    )
    .await?;
    Ok(found
        .into_iter()
        .map(|a| AddressRow {
            company_name: companies.get(&a.company_id).cloned().unwrap_or_default(),
            department_name: a.department_id.and_then(|d| departments.get(&d).cloned()),
            owner_name: a.owner_id.and_then(|o| owners.get(&o).cloned()),
            id: a.id,
            company_id: a.company_id,
            department_id: a.department_id,
            owner_id: a.owner_id,
            name: a.name,
            street: a.street,
            postcode: a.postcode,
            city: a.city,
            country: a.country,
        })
        .collect())
}

/// Customer companies (all of them, or `only`), with their departments.
pub async fn places<C: ConnectionTrait>(
    conn: &C,
    only: Option<Vec<i64>>,
) -> Result<Vec<AddressPlace>, ServerError> {
    let mut q = company::Entity::find()
        .filter(company::Column::Kind.eq("customer"))
        .order_by_asc(company::Column::Name);
    if let Some(ids) = only {
        q = q.filter(company::Column::Id.is_in(ids));
    }
    let companies = q.all(conn).await?;
    let mut departments: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for d in department::Entity::find()
        .filter(department::Column::CompanyId.is_in(companies.iter().map(|c| c.id)))
        .order_by_asc(department::Column::Name)
        .all(conn)
        .await?
    {
        departments
            .entry(d.company_id)
            .or_default()
            .push((d.id, d.name));
    }
    Ok(companies
        .into_iter()
        .map(|c| AddressPlace {
            departments: departments.remove(&c.id).unwrap_or_default(),
            company_id: c.id,
            company_name: c.name,
        })
        .collect())
}

pub async fn save(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    a: SavedAddress,
) -> Result<i64, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let now = Utc::now();
    let id = match a.id {
        None => {
            let saved = address::ActiveModel {
                company_id: Set(a.company_id),
                department_id: Set(a.department_id),
                owner_id: Set(a.owner_id),
                name: Set(a.name.clone()),
                street: Set(a.street.clone()),
                postcode: Set(a.postcode.clone()),
                city: Set(a.city.clone()),
                country: Set(a.country.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            saved.id
        }
        Some(id) => {
            let changed = address::Entity::update_many()
                .col_expr(address::Column::DepartmentId, Expr::value(a.department_id))
                .col_expr(address::Column::Name, Expr::value(a.name.clone()))
                .col_expr(address::Column::Street, Expr::value(a.street.clone()))
                .col_expr(address::Column::Postcode, Expr::value(a.postcode.clone()))
                .col_expr(address::Column::City, Expr::value(a.city.clone()))
                .col_expr(address::Column::Country, Expr::value(a.country.clone()))
                .col_expr(address::Column::UpdatedAt, Expr::value(now))
                .filter(address::Column::Id.eq(id))
                .exec(&txn)
                .await
                .map_err(internal)?;
            if changed.rows_affected == 0 {
                return Err(AppError::NotFound("There is no such address.".into()));
            }
            id
        }
    };
    let what = if a.id.is_some() {
        "address.changed"
    } else {
        "address.added"
    };
    let kind = if a.owner_id.is_some() {
        "personal"
    } else {
        "company"
    };
    audit::record(
        &txn,
        Event::new(what, actor(who, client))
            .company(Some(a.company_id))
            .detail(format!("#{id} ({kind}): {}, {}", a.name, a.city)),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(id)
}

pub async fn delete(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let found = address::Entity::find_by_id(id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such address.".into()))?;
    address::Entity::delete_by_id(id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::record(
        &txn,
        Event::new("address.deleted", actor(who, client))
            .company(Some(found.company_id))
            .detail(format!("#{id}: {}, {}", found.name, found.city)),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
