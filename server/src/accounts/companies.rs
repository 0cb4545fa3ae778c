//! Companies: the platform creates them with their first administrator's
//! invitation; their Tenant Super Admin keeps the tenant settings. Callers
//! have asked `core`.

use std::collections::HashMap;

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{CompanyRow, CompanySettings, NewCompany, SettingsChange};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::{CompanyId, CompanyKind, Family, Filter, Role, Scope};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::{actor, invitations};
use crate::audit::{self, Event};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{company, role_assignment};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};

pub(crate) const MAX_LISTED: u64 = 500;

/// Where a company's fields are, for `core`'s visibility filter.
pub(crate) fn columns() -> Columns {
    Columns {
        id: None,
        company: Some(Expr::col((company::Entity, company::Column::Id))),
        department: None,
        owner: None,
        project: None,
        chapter: None,
        state: None,
        publication_type: None,
        approver: None,
    }
}

/// The companies any of `filters` lets through, by name, filtered in SQL.
pub async fn list(db: &Db, filters: &[Filter]) -> Result<Vec<CompanyRow>, ServerError> {
    let cols = columns();
    let seen = filters
        .iter()
        .fold(Condition::any(), |any, f| any.add(condition(f, &cols)));
    let rows = company::Entity::find()
        .filter(seen)
        .order_by_asc(company::Column::Name)
        .limit(MAX_LISTED)
        .all(&db.read)
        .await?;
    let dealer_ids: Vec<i64> = rows.iter().filter_map(|c| c.dealer_id).collect();
    let dealers: HashMap<i64, String> = company::Entity::find()
        .filter(company::Column::Id.is_in(dealer_ids))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|c| CompanyRow {
            dealer: c.dealer_id.and_then(|d| dealers.get(&d).cloned()),
            id: c.id,
            name: c.name,
            slug: c.slug,
            kind: c.kind,
            family: c.customer_family,
            public: c.is_public,
        })
        .collect())
}

fn slug_taken() -> AppError {
    AppError::Conflict("Another company already uses that URL name. Choose another.".into())
}

async fn slug_in_use<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
    except: Option<i64>,
) -> Result<bool, AppError> {
    let mut q = company::Entity::find().filter(company::Column::Slug.eq(slug));
    if let Some(id) = except {
        q = q.filter(company::Column::Id.ne(id));
    }
    Ok(q.count(conn).await.map_err(internal)? > 0)
}

/// Create the company and invite its first administrator with its top
/// role, in one transaction: both or neither.
pub async fn create(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    new: &NewCompany,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    if slug_in_use(&txn, &new.slug, None).await? {
        return Err(slug_taken());
    }
    if let Some(dealer) = new.dealer_id {
        let is_dealer = company::Entity::find_by_id(dealer)
            .one(&txn)
            .await
            .map_err(internal)?
            .is_some_and(|d| d.kind == CompanyKind::Dealer.slug());
        if !is_dealer || new.kind != CompanyKind::Customer {
            return Err(AppError::Invalid(
                "A dealer manages customer companies: choose a dealer company, or none.".into(),
            ));
        }
    }
    let created = company::ActiveModel {
        name: Set(new.name.clone()),
        slug: Set(new.slug.clone()),
        kind: Set(new.kind.slug().to_string()),
        customer_family: Set(new.family.clone()),
        is_public: Set(new.public),
        created_at: Set(Utc::now()),
        data_region: Set(new.data_region.clone()),
        dealer_id: Set(new.dealer_id),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    audit::record(
        &txn,
        Event::new("company.created", actor(who, client))
            .company(Some(created.id))
            .detail(format!("{} ({})", created.name, created.slug)),
    )
    .await?;
    invitations::invite_in(
        &txn,
        config,
        who,
        client,
        invitations::Invite {
            email: &new.admin_email,
            name: &new.admin_name,
            role: new.kind.first_admin_role().into(),
            scope: Scope::Company(CompanyId(created.id)),
        },
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Whether members hold roles of the company's customer family (then the
/// family cannot change under them).
async fn family_in_use<C: ConnectionTrait>(
    conn: &C,
    c: &company::Model,
) -> Result<bool, ServerError> {
    let Some(family) = c.customer_family.as_deref().and_then(Family::from_slug) else {
        return Ok(false);
    };
    let roles: Vec<&str> = Role::of_family(family).map(Role::slug).collect();
    Ok(role_assignment::Entity::find()
        .filter(role_assignment::Column::CompanyId.eq(c.id))
        .filter(role_assignment::Column::Role.is_in(roles))
        .count(conn)
        .await?
        > 0)
}

pub async fn settings(db: &Db, id: i64) -> Result<Option<CompanySettings>, AppError> {
    let Some(c) = company::Entity::find_by_id(id)
        .one(&db.read)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let dealer = match c.dealer_id {
        Some(d) => company::Entity::find_by_id(d)
            .one(&db.read)
            .await
            .map_err(internal)?
            .map(|d| d.name),
        None => None,
    };
    Ok(Some(CompanySettings {
        family_locked: family_in_use(&db.read, &c).await?,
        id: c.id,
        name: c.name,
        slug: c.slug,
        kind: c.kind,
        family: c.customer_family,
        public: c.is_public,
        data_region: c.data_region,
        auth_method: c.auth_method,
        require_second_factor: c.require_second_factor,
        approver_domains: c
            .approver_domains
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        dealer,
        may_rename: false,
        may_change_url: false,
    }))
}

pub async fn save(
    db: &Db,
    who: &RequestIdentity,
    client: &Client,
    id: i64,
    change: &SettingsChange,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let c = company::Entity::find_by_id(id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))?;
    if change.slug != c.slug && slug_in_use(&txn, &change.slug, Some(id)).await? {
        return Err(slug_taken());
    }
    let kind = CompanyKind::from_slug(&c.kind).ok_or(AppError::Internal)?;
    let family = imprimatur_app::checks::customer_family(kind, change.family.as_deref())?;
    if family != c.customer_family && family_in_use(&txn, &c).await? {
        return Err(AppError::Conflict(
            "Members hold roles of the company's customer family; take those roles away before changing it."
                .into(),
        ));
    }
    let mut what = Vec::new();
    if change.name != c.name {
        what.push(format!("name: {}", change.name));
    }
    if change.slug != c.slug {
        what.push(format!("URL name: {}", change.slug));
    }
    if family != c.customer_family {
        what.push(format!("family: {}", family.as_deref().unwrap_or("none")));
    }
    let domains = change.approver_domains.join("\n");
    if domains != c.approver_domains {
        what.push(format!(
            "approver domains: {}",
            change.approver_domains.join(", ")
        ));
    }
    if what.is_empty() {
        return Err(AppError::Conflict("Nothing changed.".into()));
    }
    let mut active: company::ActiveModel = c.into();
    active.name = Set(change.name.clone());
    active.slug = Set(change.slug.clone());
    active.customer_family = Set(family);
    active.approver_domains = Set(domains);
    active.update(&txn).await.map_err(internal)?;
    audit::record(
        &txn,
        Event::new("company.settings", actor(who, client))
            .company(Some(id))
            .detail(what.join("; ")),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
