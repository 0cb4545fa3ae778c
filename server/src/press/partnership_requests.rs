//! A partnership needs the customer's consent: the print partner asks, the
//! customer's administrator accepts (or declines) on the company's settings
//! page, and only then do its approved jobs become the partner's work
//! orders. The partner hears the same answer whether or not a customer
//! company uses the URL name it typed, so asking reveals nothing about
//! companies that did not accept.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::PartnershipRequestRow;
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{CompanyKind, Role};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::db::Db;
use crate::db::entities::{company, partnership, partnership_request, role_assignment, user};
use crate::error::{ServerError, internal};
use crate::mail::{self, Message};

/// At most this many requests are listed for one customer.
const PAGE: u64 = 50;

/// `partner_id` asks the customer company at `slug` to let it print.
pub async fn ask(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    partner_id: i64,
    slug: &str,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let customer = company::Entity::find()
        .filter(company::Column::Slug.eq(slug))
        .filter(company::Column::Kind.eq(CompanyKind::Customer.slug()))
        .one(&txn)
        .await
        .map_err(internal)?;
    let partner = company::Entity::find_by_id(partner_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such print partner.".into()))?;
    if let Some(customer) = &customer {
        let already = partnership::Entity::find()
            .filter(partnership::Column::CustomerId.eq(customer.id))
            .filter(partnership::Column::PartnerId.eq(partner_id))
            .one(&txn)
            .await
            .map_err(internal)?
            .is_some();
        if !already {
            let inserted = partnership_request::Entity::insert(partnership_request::ActiveModel {
                partner_id: Set(partner_id),
                customer_id: Set(customer.id),
                requested_by: Set(Some(who.user.id)),
                created_at: Set(Utc::now()),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    partnership_request::Column::PartnerId,
                    partnership_request::Column::CustomerId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await
            .map_err(internal)?;
            if inserted > 0 {
                tell_administrators(&txn, customer, &partner.name).await?;
            }
        }
    }
    audit::record(
        &txn,
        Event::new("partnership.request", actor(who, client))
            .company(Some(partner_id))
            .detail(format!("asked \u{201c}{slug}\u{201d}")),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Mails the customer's Tenant Super Admins, who accept or decline.
async fn tell_administrators<C: ConnectionTrait>(
    conn: &C,
    customer: &company::Model,
    partner: &str,
) -> Result<(), AppError> {
    let admins: Vec<i64> = role_assignment::Entity::find()
        .select_only()
        .column(role_assignment::Column::UserId)
        .filter(role_assignment::Column::CompanyId.eq(customer.id))
        .filter(role_assignment::Column::Role.eq(Role::TenantSuperAdmin.slug()))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    let addresses: Vec<String> = user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::Id.is_in(admins))
        .filter(user::Column::State.eq("active"))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    for to in addresses {
        mail::queue(
            conn,
            Message {
                to,
                subject: format!("{partner} asks to print for {}", customer.name),
                body: format!(
                    "{partner} asks to become the print partner of {}: once you accept, \
                     its approved print jobs become {partner}'s work orders.\n\n\
                     Accept or decline on the company's settings page, /companies/{}.",
                    customer.name, customer.id
                ),
            },
        )
        .await
        .map_err(internal)?;
    }
    Ok(())
}

/// The requests waiting for `customer_id`'s answer, oldest first.
pub async fn waiting(db: &Db, customer_id: i64) -> Result<Vec<PartnershipRequestRow>, ServerError> {
    let requests = partnership_request::Entity::find()
        .filter(partnership_request::Column::CustomerId.eq(customer_id))
        .order_by_asc(partnership_request::Column::CreatedAt)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    let partners = company::Entity::find()
        .filter(company::Column::Id.is_in(requests.iter().map(|r| r.partner_id)))
        .all(&db.read)
        .await?;
    let current: Option<i64> = partnership::Entity::find()
        .select_only()
        .column(partnership::Column::PartnerId)
        .filter(partnership::Column::CustomerId.eq(customer_id))
        .into_tuple()
        .one(&db.read)
        .await?;
    Ok(requests
        .into_iter()
        .map(|r| PartnershipRequestRow {
            id: r.id,
            partner: partners
                .iter()
                .find(|p| p.id == r.partner_id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            asked_at: r.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            has_partner: current.is_some(),
        })
        .collect())
}

/// `customer_id` accepts or declines request `request_id`; returns the
/// partner's name.
pub async fn answer(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    customer_id: i64,
    request_id: i64,
    accept: bool,
) -> Result<String, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let request = partnership_request::Entity::find_by_id(request_id)
        .filter(partnership_request::Column::CustomerId.eq(customer_id))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| {
            AppError::NotFound("There is no such request, or it was answered already.".into())
        })?;
    let partner = company::Entity::find_by_id(request.partner_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .map(|p| p.name)
        .unwrap_or_default();
    // Deleting first makes two answers at once one answer: the second finds nothing.
    let gone = partnership_request::Entity::delete_many()
        .filter(partnership_request::Column::Id.eq(request.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if gone.rows_affected != 1 {
        return Err(AppError::Conflict(
            "That request was answered a moment ago.".into(),
        ));
    }
    if accept {
        let existing = partnership::Entity::find()
            .filter(partnership::Column::CustomerId.eq(customer_id))
            .one(&txn)
            .await
            .map_err(internal)?;
        if existing.is_some() {
            return Err(AppError::Conflict(
                "Your company prints with a partner already; that partnership has to end first."
                    .into(),
            ));
        }
        partnership::ActiveModel {
            partner_id: Set(request.partner_id),
            customer_id: Set(customer_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|_| {
            AppError::Conflict("Your company started printing with a partner a moment ago.".into())
        })?;
    }
    audit::record(
        &txn,
        Event::new(
            if accept {
                "partnership.accept"
            } else {
                "partnership.decline"
            },
            actor(who, client),
        )
        .company(Some(customer_id))
        .detail(partner.clone()),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(partner)
}
