//! Names for the ids on a page of rows: one query per kind.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::entities::{company, department};
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
