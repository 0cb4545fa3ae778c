//! Partnerships: the customer companies whose approved print jobs a print
//! partner prints, as work orders.

use imprimatur_app::error::AppError;
use imprimatur_app::model::{PartnerCompany, PartnerPlace, PartnershipRow};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{CompanyKind, Filter};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{company, partnership};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};

const PAGE: u64 = 200;

fn columns() -> Columns {
    Columns::company_rows(None, Expr::col((company::Entity, company::Column::Id)))
}

fn partner_kind() -> &'static str {
    CompanyKind::PrintPartner.slug()
}

pub async fn list(db: &Db, filter: &Filter) -> Result<Vec<PartnerCompany>, ServerError> {
    let partners = company::Entity::find()
        .filter(condition(filter, &columns()))
        .filter(company::Column::Kind.eq(partner_kind()))
        .order_by_asc(company::Column::Name)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    let links = partnership::Entity::find()
        .filter(partnership::Column::PartnerId.is_in(partners.iter().map(|p| p.id)))
        .all(&db.read)
        .await?;
    let customers = company::Entity::find()
        .filter(company::Column::Id.is_in(links.iter().map(|l| l.customer_id)))
        .order_by_asc(company::Column::Name)
        .all(&db.read)
        .await?;
    Ok(partners
        .into_iter()
        .map(|p| PartnerCompany {
            id: p.id,
            name: p.name.clone(),
            customers: customers
                .iter()
                .filter(|c| {
                    links
                        .iter()
                        .any(|l| l.partner_id == p.id && l.customer_id == c.id)
                })
                .map(|c| PartnershipRow {
                    partner_id: p.id,
                    partner: p.name.clone(),
                    customer_id: c.id,
                    customer: c.name.clone(),
                    customer_slug: c.slug.clone(),
                })
                .collect(),
        })
        .collect())
}

pub async fn print_partners(db: &Db, filter: &Filter) -> Result<Vec<PartnerPlace>, ServerError> {
    Ok(company::Entity::find()
        .filter(condition(filter, &columns()))
        .filter(company::Column::Kind.eq(partner_kind()))
        .order_by_asc(company::Column::Name)
        .limit(PAGE)
        .all(&db.read)
        .await?
        .into_iter()
        .map(|c| PartnerPlace {
            id: c.id,
            name: c.name,
        })
        .collect())
}

pub async fn is_print_partner(db: &Db, id: i64) -> Result<bool, ServerError> {
    let kind: Option<String> = company::Entity::find_by_id(id)
        .select_only()
        .column(company::Column::Kind)
        .into_tuple()
        .one(&db.read)
        .await?;
    Ok(kind.as_deref() == Some(partner_kind()))
}

pub async fn end(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    partner_id: i64,
    customer_id: i64,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let gone = partnership::Entity::delete_many()
        .filter(partnership::Column::PartnerId.eq(partner_id))
        .filter(partnership::Column::CustomerId.eq(customer_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if gone.rows_affected != 1 {
        return Err(AppError::NotFound(
            "You do not print for that company.".into(),
        ));
    }
    audit::record(
        &txn,
        Event::new("partnership.end", actor(who, client))
            .company(Some(partner_id))
            .detail(format!("customer #{customer_id}")),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
