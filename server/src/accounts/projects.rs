//! A company's projects (CtrlPrint "Create/delete projects") behind the
//! server functions, each change in one transaction with its audit record.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{ProjectRow, Projects};
use imprimatur_app::ssr::{Client, RequestIdentity};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::record_and_commit;
use crate::db::Db;
use crate::db::entities::{company, invitation, project, role_assignment};
use crate::error::{ServerError, internal};

/// "Acme / Annual report".
pub(crate) async fn place_name<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
    project_id: i64,
) -> Result<String, ServerError> {
    let c = super::invitations::place_name(conn, company_id, None).await?;
    let p = project::Entity::find_by_id(project_id)
        .one(conn)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    Ok(format!("{c} / {p}"))
}

async fn roles_held<C: ConnectionTrait>(conn: &C, project_id: i64) -> Result<u64, ServerError> {
    Ok(role_assignment::Entity::find()
        .filter(role_assignment::Column::ProjectId.eq(project_id))
        .count(conn)
        .await?)
}

pub async fn page(db: &Db, company_id: i64) -> Result<Option<Projects>, AppError> {
    let Some(c) = company::Entity::find_by_id(company_id)
        .one(&db.read)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let rows = project::Entity::find()
        .filter(project::Column::CompanyId.eq(company_id))
        .order_by_asc(project::Column::Name)
        .all(&db.read)
        .await
        .map_err(internal)?;
    let mut projects = Vec::with_capacity(rows.len());
    for p in rows {
        projects.push(ProjectRow {
            roles_held: roles_held(&db.read, p.id).await?,
            id: p.id,
            name: p.name,
        });
    }
    Ok(Some(Projects {
        company_id,
        company_name: c.name,
        projects,
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
    company::Entity::find_by_id(company_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))?;
    let taken = project::Entity::find()
        .filter(project::Column::CompanyId.eq(company_id))
        .filter(project::Column::Name.eq(name))
        .count(&txn)
        .await
        .map_err(internal)?
        > 0;
    if taken {
        return Err(AppError::Conflict(format!(
            "The company already has a project called \u{201c}{name}\u{201d}."
        )));
    }
    project::ActiveModel {
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
        "project.created",
        company_id,
        name.to_string(),
    )
    .await
}

/// Delete a project nobody holds a role at.
pub async fn delete(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    project_id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let p = project::Entity::find_by_id(project_id)
        .filter(project::Column::CompanyId.eq(company_id))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such project in this company.".into()))?;
    let held = roles_held(&txn, p.id).await?;
    if held > 0 {
        return Err(AppError::Conflict(format!(
            "{held} role(s) are held at \u{201c}{}\u{201d}; take them away first.",
            p.name
        )));
    }
    let invited = invitation::Entity::find()
        .filter(invitation::Column::ProjectId.eq(p.id))
        .filter(invitation::Column::State.eq("pending"))
        .count(&txn)
        .await
        .map_err(internal)?;
    if invited > 0 {
        return Err(AppError::Conflict(format!(
            "{invited} pending invitation(s) are for \u{201c}{}\u{201d}; cancel them first.",
            p.name
        )));
    }
    project::Entity::delete_by_id(p.id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    record_and_commit(txn, who, client, "project.deleted", company_id, p.name).await
}
