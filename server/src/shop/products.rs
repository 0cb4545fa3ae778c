//! Product administration: every product an admin keeps (switched off
//! ones too), and writing one. The server functions asked `core` first.

use imprimatur_app::error::AppError;
use imprimatur_app::model::{ManagedProduct, money};
use imprimatur_app::ssr::{Client, RequestIdentity, SavedProduct, StockCount};
use imprimatur_core::Filter;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::product;
use crate::db::visibility::condition;
use crate::error::{ServerError, internal};

/// How many products the admin page lists.
const PAGE: u64 = 500;

async fn managed(db: &Db, found: Vec<product::Model>) -> Result<Vec<ManagedProduct>, ServerError> {
    let active: Vec<bool> = found.iter().map(|p| p.active).collect();
    let rows = super::catalog::rows(db, found).await?;
    Ok(rows
        .into_iter()
        .zip(active)
        .map(|(product, active)| ManagedProduct { product, active })
        .collect())
}

pub async fn list(db: &Db, filter: &Filter) -> Result<Vec<ManagedProduct>, ServerError> {
    let found = product::Entity::find()
        .filter(condition(filter, &super::catalog::columns()))
        .order_by_asc(product::Column::CompanyId)
        .order_by_asc(product::Column::Name)
        .order_by_asc(product::Column::Id)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    managed(db, found).await
}

pub async fn one(db: &Db, id: i64) -> Result<Option<ManagedProduct>, ServerError> {
    let found = product::Entity::find_by_id(id).all(&db.read).await?;
    Ok(managed(db, found).await?.pop())
}

/// The shelf after the form's count: 409 when it moved since the form
/// read it (a job shipped meanwhile), so a count never undoes a shipment.
async fn count_stock(
    txn: &DatabaseTransaction,
    id: i64,
    name: &str,
    stock: StockCount,
) -> Result<(), AppError> {
    let shelf = product::Column::StockOnHand;
    let update = product::Entity::update_many().filter(product::Column::Id.eq(id));
    let done = match stock {
        StockCount::NotStocked => {
            update
                .col_expr(shelf, Expr::value(Option::<i64>::None))
                .exec(txn)
                .await
        }
        StockCount::Keep => {
            // Newly stocked: an empty shelf; otherwise the count stays.
            update
                .col_expr(shelf, Expr::value(0i64))
                .filter(shelf.is_null())
                .exec(txn)
                .await
        }
        StockCount::Set { to, was } => {
            let changed = match was {
                Some(was) => update.filter(shelf.eq(was)),
                None => update.filter(shelf.is_null()),
            }
            .col_expr(shelf, Expr::value(to))
            .exec(txn)
            .await
            .map_err(internal)?;
            if changed.rows_affected == 0 {
                return Err(AppError::Conflict(format!(
                    "The stock of {name} changed while you counted (a job shipped); reload and count again."
                )));
            }
            return Ok(());
        }
    };
    done.map(|_| ()).map_err(internal)
}

pub async fn save(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    p: SavedProduct,
) -> Result<i64, AppError> {
    let fields = super::json_text(&p.fields)?;
    let txn = db.begin_write().await.map_err(internal)?;
    let id = match p.id {
        None => {
            product::ActiveModel {
                company_id: Set(p.company_id),
                department_id: Set(p.department_id),
                name: Set(p.name.clone()),
                description: Set(p.description.clone()),
                publication_type: Set(p.publication_type.clone()),
                price_cents: Set(p.price_cents),
                active: Set(p.active),
                stock_on_hand: Set(None),
                job_fields: Set(fields),
                low_stock_at: Set(p.low_stock_at),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?
            .id
        }
        Some(id) => {
            let changed = product::Entity::update_many()
                .col_expr(product::Column::DepartmentId, Expr::value(p.department_id))
                .col_expr(product::Column::Name, Expr::value(p.name.clone()))
                .col_expr(
                    product::Column::Description,
                    Expr::value(p.description.clone()),
                )
                .col_expr(
                    product::Column::PublicationType,
                    Expr::value(p.publication_type.clone()),
                )
                .col_expr(product::Column::PriceCents, Expr::value(p.price_cents))
                .col_expr(product::Column::Active, Expr::value(p.active))
                .col_expr(product::Column::JobFields, Expr::value(fields))
                .col_expr(product::Column::LowStockAt, Expr::value(p.low_stock_at))
                .filter(product::Column::Id.eq(id))
                .filter(product::Column::CompanyId.eq(p.company_id))
                .exec(&txn)
                .await
                .map_err(internal)?;
            if changed.rows_affected == 0 {
                return Err(AppError::NotFound("There is no such product.".into()));
            }
            id
        }
    };
    count_stock(&txn, id, &p.name, p.stock).await?;
    let shelf = match p.stock {
        StockCount::NotStocked => "printed to order".to_string(),
        StockCount::Keep => "stocked".to_string(),
        StockCount::Set { to, .. } => format!("{to} in stock"),
    };
    audit::record(
        &txn,
        Event::new(
            if p.id.is_some() {
                "product.changed"
            } else {
                "product.added"
            },
            actor(who, client),
        )
        .company(Some(p.company_id))
        .detail(format!(
            "#{id} \u{201c}{}\u{201d}, {} a copy, {shelf}{}",
            p.name,
            money(p.price_cents),
            if p.active { "" } else { ", switched off" }
        )),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(id)
}
