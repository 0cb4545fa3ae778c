//! Names for the ids on a page of rows: one query per kind.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::entities::{company, department, user};
use crate::error::ServerError;

pub async fn companies<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<i64>,
) -> Result<HashMap<i64, String>, ServerError> {
    Ok(company::Entity::find()
        .filter(company::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

pub async fn departments<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<i64>,
) -> Result<HashMap<i64, String>, ServerError> {
    Ok(department::Entity::find()
        .filter(department::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

/// Display names of people.
pub async fn people<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, ServerError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// E-mail addresses of people, to mail them.
pub async fn emails<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<String>, ServerError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect())
}
