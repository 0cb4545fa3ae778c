//! Products, filtered by `core`'s visibility in SQL, and the facts an order
//! of one needs.

use imprimatur_app::model::ProductRow;
use imprimatur_app::ssr::ProductForOrder;
use imprimatur_core::Filter;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::Db;
use crate::db::entities::{
    company, department, department_member, group_member, group_role, member_group, product,
    role_assignment, user,
};
use crate::db::visibility::{Columns, condition};
use crate::error::ServerError;

pub(super) fn columns() -> Columns {
    Columns {
        id: Some(Expr::col((product::Entity, product::Column::Id))),
        company: Some(Expr::col((product::Entity, product::Column::CompanyId))),
        department: Some(Expr::col((product::Entity, product::Column::DepartmentId))),
        owner: None,
        project: None,
        chapter: None,
        state: None,
        approver: None,
        publication_type: Some(Expr::col((
            product::Entity,
            product::Column::PublicationType,
        ))),
    }
}

pub async fn visible(db: &Db, filter: &Filter) -> Result<Vec<ProductRow>, ServerError> {
    let found = product::Entity::find()
        .filter(product::Column::Active.eq(true))
        .filter(condition(filter, &columns()))
        .order_by_asc(product::Column::CompanyId)
        .order_by_asc(product::Column::Name)
        .limit(500)
        .all(&db.read)
        .await?;
    rows(db, found).await
}

pub(super) async fn rows(
    db: &Db,
    found: Vec<product::Model>,
) -> Result<Vec<ProductRow>, ServerError> {
    let company_ids: Vec<i64> = found.iter().map(|p| p.company_id).collect();
    let department_ids: Vec<i64> = found.iter().filter_map(|p| p.department_id).collect();
    let companies = super::names::companies(&db.read, company_ids).await?;
    let departments = super::names::departments(&db.read, department_ids).await?;
    Ok(found
        .into_iter()
        .map(|p| ProductRow {
            company_name: companies.get(&p.company_id).cloned().unwrap_or_default(),
            department_name: p.department_id.and_then(|d| departments.get(&d).cloned()),
            id: p.id,
            company_id: p.company_id,
            department_id: p.department_id,
            name: p.name,
            description: p.description,
            publication_type: p.publication_type,
            price_cents: p.price_cents,
            stock: p.stock_on_hand,
            low_stock_at: p.low_stock_at,
            fields: super::stored_json(&p.job_fields, "product", p.id),
        })
        .collect())
}

pub async fn for_order(db: &Db, id: i64) -> Result<Option<ProductForOrder>, ServerError> {
    let Some(p) = product::Entity::find_by_id(id)
        .filter(product::Column::Active.eq(true))
        .one(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let Some(c) = company::Entity::find_by_id(p.company_id)
        .one(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let product = rows(db, vec![p]).await?.pop();
    Ok(product.map(|product| ProductForOrder {
        product,
        need_approval: c.orders_need_approval,
        approver_domains: c
            .approver_domains
            .lines()
            .map(|d| d.trim().to_lowercase())
            .filter(|d| !d.is_empty())
            .collect(),
    }))
}

pub async fn department_in(
    db: &Db,
    user_id: i64,
    company_id: i64,
) -> Result<Option<i64>, ServerError> {
    let theirs = Query::select()
        .column(department_member::Column::DepartmentId)
        .from(department_member::Entity)
        .and_where(Expr::col(department_member::Column::UserId).eq(user_id))
        .to_owned();
    Ok(department::Entity::find()
        .filter(department::Column::Id.in_subquery(theirs))
        .filter(department::Column::CompanyId.eq(company_id))
        .order_by_asc(department::Column::Id)
        .one(&db.read)
        .await?
        .map(|d| d.id))
}

pub async fn member_by_email(
    db: &Db,
    company_id: i64,
    email: &str,
) -> Result<Option<i64>, ServerError> {
    let email = crate::identity::normalize_email(email);
    let members = Query::select()
        .column(role_assignment::Column::UserId)
        .from(role_assignment::Entity)
        .and_where(Expr::col(role_assignment::Column::CompanyId).eq(company_id))
        .to_owned();
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Id.in_subquery(members))
        .one(&db.read)
        .await?
        .map(|u| u.id))
}

/// Members holding one of `roles` (or, with `custom`, any custom role) in
/// `company_id`, at the company or at `department`, directly or through a
/// member group of the company: the people who might approve an order
/// there, for `core` to decide one by one. A role held at another
/// department or at a project cannot reach the order.
pub async fn role_holders(
    db: &Db,
    company_id: i64,
    department: Option<i64>,
    roles: Vec<String>,
    custom: bool,
) -> Result<Vec<i64>, ServerError> {
    let mut at = sea_orm::Condition::any().add(role_assignment::Column::DepartmentId.is_null());
    if let Some(d) = department {
        at = at.add(role_assignment::Column::DepartmentId.eq(d));
    }
    let mut held =
        sea_orm::Condition::any().add(role_assignment::Column::Role.is_in(roles.clone()));
    if custom {
        held = held.add(role_assignment::Column::Role.starts_with("custom:"));
    }
    let mut holders: Vec<i64> = role_assignment::Entity::find()
        .select_only()
        .column(role_assignment::Column::UserId)
        .distinct()
        .filter(role_assignment::Column::CompanyId.eq(company_id))
        .filter(role_assignment::Column::ProjectId.is_null())
        .filter(at)
        .filter(held)
        .into_tuple::<i64>()
        .all(&db.read)
        .await?;
    holders.extend(group_role_holders(db, company_id, department, roles, custom).await?);
    holders.sort_unstable();
    holders.dedup();
    Ok(holders)
}

/// Members of the company's groups that hold one of `roles` at the company
/// or at `department`.
async fn group_role_holders(
    db: &Db,
    company_id: i64,
    department: Option<i64>,
    roles: Vec<String>,
    custom: bool,
) -> Result<Vec<i64>, ServerError> {
    let groups = Query::select()
        .column(member_group::Column::Id)
        .from(member_group::Entity)
        .and_where(Expr::col(member_group::Column::CompanyId).eq(company_id))
        .to_owned();
    let mut at = sea_orm::Condition::any().add(group_role::Column::DepartmentId.is_null());
    if let Some(d) = department {
        at = at.add(group_role::Column::DepartmentId.eq(d));
    }
    let mut held = sea_orm::Condition::any().add(group_role::Column::Role.is_in(roles));
    if custom {
        held = held.add(group_role::Column::Role.starts_with("custom:"));
    }
    let holding = Query::select()
        .column(group_role::Column::GroupId)
        .from(group_role::Entity)
        .and_where(Expr::col(group_role::Column::GroupId).in_subquery(groups))
        .cond_where(sea_orm::Condition::all().add(at).add(held))
        .to_owned();
    Ok(group_member::Entity::find()
        .select_only()
        .column(group_member::Column::UserId)
        .distinct()
        .filter(group_member::Column::GroupId.in_subquery(holding))
        .into_tuple::<i64>()
        .all(&db.read)
        .await?)
}
