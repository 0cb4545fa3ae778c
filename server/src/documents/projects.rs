//! Projects as the documents pages see them, and the members of a
//! project's company.

use std::collections::HashMap;

use imprimatur_app::documents::model::{MemberChoice, ProjectFacts};
use imprimatur_core::Filter;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::Db;
use crate::db::entities::{company, project, role_assignment, user};
use crate::db::visibility::{Columns, condition};
use crate::error::ServerError;

const PAGE: u64 = 500;

fn columns() -> Columns {
    let id = Expr::col((project::Entity, project::Column::Id));
    Columns {
        project: Some(id.clone()),
        ..Columns::company_rows(
            Some(id),
            Expr::col((project::Entity, project::Column::CompanyId)),
        )
    }
}

async fn facts(db: &Db, found: Vec<project::Model>) -> Result<Vec<ProjectFacts>, ServerError> {
    let ids: Vec<i64> = found.iter().map(|p| p.company_id).collect();
    let names: HashMap<i64, String> = company::Entity::find()
        .filter(company::Column::Id.is_in(ids))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(found
        .into_iter()
        .map(|p| ProjectFacts {
            company_name: names.get(&p.company_id).cloned().unwrap_or_default(),
            id: p.id,
            company_id: p.company_id,
            name: p.name,
        })
        .collect())
}

/// The projects `filter` lets through, by company and name.
pub async fn list(db: &Db, filter: &Filter) -> Result<Vec<ProjectFacts>, ServerError> {
    let found = project::Entity::find()
        .filter(condition(filter, &columns()))
        .order_by_asc(project::Column::CompanyId)
        .order_by_asc(project::Column::Name)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    facts(db, found).await
}

pub async fn one(db: &Db, id: i64) -> Result<Option<ProjectFacts>, ServerError> {
    let Some(found) = project::Entity::find_by_id(id).one(&db.read).await? else {
        return Ok(None);
    };
    Ok(facts(db, vec![found]).await?.pop())
}

/// Everyone holding a role in the company, by name.
pub async fn members(db: &Db, company_id: i64) -> Result<Vec<MemberChoice>, ServerError> {
    let ids: Vec<i64> = role_assignment::Entity::find()
        .select_only()
        .column(role_assignment::Column::UserId)
        .distinct()
        .filter(role_assignment::Column::CompanyId.eq(company_id))
        .into_tuple()
        .all(&db.read)
        .await?;
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .limit(PAGE)
        .all(&db.read)
        .await?
        .into_iter()
        .map(|u| MemberChoice {
            user_id: u.id,
            name: u.display_name,
            email: u.email,
        })
        .collect())
}

/// Whether `user_id` holds a role in the company.
pub async fn is_member(db: &Db, company_id: i64, user_id: i64) -> Result<bool, ServerError> {
    Ok(role_assignment::Entity::find()
        .filter(role_assignment::Column::CompanyId.eq(company_id))
        .filter(role_assignment::Column::UserId.eq(user_id))
        .count(&db.read)
        .await?
        > 0)
}
