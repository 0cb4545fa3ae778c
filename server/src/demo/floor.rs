//! The demo's print partner floor: Inkworks prints for Northwind, whose two
//! approved label jobs are Inkworks' work orders (one new, one with its
//! codes generated); one press is calibrated, the other is not yet.

use chrono::{DateTime, Duration, Utc};
use imprimatur_app::model::WorkOrderState;
use imprimatur_core::ResourceState;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::db::entities::{equipment, order, partnership, product, user, work_order};
use crate::error::ServerError;
use crate::press::work_orders::{new_codes_seed, open_for_job};

/// (title, copies, codes generated)
const LABEL_JOBS: &[(&str, i32, bool)] = &[
    ("Château Northwind red 2025 labels", 2_000, false),
    ("Northwind rosé 2025 labels", 1_000, true),
];

pub async fn load(
    txn: &DatabaseTransaction,
    partner: i64,
    customer: i64,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    let corrupt = |what: &str| ServerError::Corrupt(format!("no demo {what}"));
    partnership::ActiveModel {
        partner_id: Set(partner),
        customer_id: Set(customer),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let opal = user::Entity::find()
        .filter(user::Column::Email.eq("opal@inkworks.test"))
        .one(txn)
        .await?
        .ok_or_else(|| corrupt("print operator"))?;
    for (name, score) in [("HP Indigo 6K", Some(92)), ("Epson SurePress L-4733", None)] {
        equipment::ActiveModel {
            company_id: Set(partner),
            name: Set(name.to_string()),
            calibration_score: Set(score),
            calibrated_at: Set(score.map(|_| now - Duration::hours(3))),
            calibrated_by: Set(score.map(|_| opal.id)),
            created_at: Set(now - Duration::days(60)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    let labels = product::Entity::find()
        .filter(product::Column::CompanyId.eq(customer))
        .filter(product::Column::Name.eq("Bottle labels"))
        .one(txn)
        .await?
        .ok_or_else(|| corrupt("label product"))?;
    let mia = user::Entity::find()
        .filter(user::Column::Email.eq("mia@northwind.test"))
        .one(txn)
        .await?
        .ok_or_else(|| corrupt("Northwind orderer"))?;
    for (days, (title, copies, codes)) in (1_i64..).zip(LABEL_JOBS) {
        let at = now - Duration::days(days);
        let job = order::ActiveModel {
            company_id: Set(customer),
            owner_id: Set(mia.id),
            product_id: Set(labels.id),
            title: Set(title.to_string()),
            quantity: Set(*copies),
            price_cents: Set(labels.price_cents * i64::from(*copies)),
            state: Set(ResourceState::Approved.slug().to_string()),
            payload_hash: Set(String::new()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        open_for_job(txn, &job)
            .await
            .map_err(|_| corrupt("work order"))?;
        if *codes {
            work_order::Entity::update_many()
                .col_expr(
                    work_order::Column::State,
                    sea_orm::sea_query::Expr::value(WorkOrderState::CodesReady.slug()),
                )
                .col_expr(
                    work_order::Column::CodesSeed,
                    sea_orm::sea_query::Expr::value(new_codes_seed()),
                )
                .col_expr(
                    work_order::Column::CodesAt,
                    sea_orm::sea_query::Expr::value(at),
                )
                .filter(work_order::Column::OrderId.eq(job.id))
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}
