//! A public company's shop: its facts, what everyone may see, and the two
//! ways in at checkout (a new account, or an existing one joining).

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::ProductRow;
use imprimatur_app::ssr::{Client, NewCustomer, RequestIdentity, ShopFacts, SignedIn};
use imprimatur_core::CompanyId;
use imprimatur_core::public_shop::{JOINS_AS, PublicShop};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};

use crate::accounts::{actor, anonymous};
use crate::audit::{self, Event};
use crate::auth::password::Passwords;
use crate::auth::second_factor::{self, landing};
use crate::auth::session;
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{audit_event, company, product, role_assignment, user};
use crate::error::{ServerError, internal};
use crate::identity::normalize_email;
use crate::mail::{self, Message};

pub async fn shop_at(db: &Db, slug: &str) -> Result<Option<ShopFacts>, ServerError> {
    let found = company::Entity::find()
        .filter(company::Column::Slug.eq(slug))
        .filter(company::Column::Kind.eq("customer"))
        .one(&db.read)
        .await?;
    Ok(found.map(|c| ShopFacts {
        shop: PublicShop {
            company: CompanyId(c.id),
            public: c.is_public,
        },
        name: c.name,
        slug: c.slug,
    }))
}

pub async fn company_wide_products(
    db: &Db,
    company_id: i64,
) -> Result<Vec<ProductRow>, ServerError> {
    let found = product::Entity::find()
        .filter(product::Column::CompanyId.eq(company_id))
        .filter(product::Column::DepartmentId.is_null())
        .filter(product::Column::Active.eq(true))
        .order_by_asc(product::Column::Name)
        .limit(500)
        .all(&db.read)
        .await?;
    super::catalog::rows(db, found).await
}

fn taken() -> AppError {
    AppError::Conflict(
        "An account with this e-mail address exists already. Sign in to check out.".into(),
    )
}

async fn give_role<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    company_id: i64,
) -> Result<(), AppError> {
    role_assignment::ActiveModel {
        user_id: Set(user_id),
        role: Set(JOINS_AS.slug().to_string()),
        company_id: Set(Some(company_id)),
        department_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// 429 once the client's address opened `sign_ups_per_hour` accounts in
/// the last hour, counted from the audit trail (so every server process
/// and a restart see the same count).
async fn sign_ups_allowed(db: &Db, config: &Config, client: &Client) -> Result<(), AppError> {
    let Some(addr) = client.addr else {
        return Ok(());
    };
    let since = Utc::now() - chrono::Duration::hours(1);
    let opened = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(SIGNED_UP))
        .filter(audit_event::Column::ClientAddr.eq(addr.to_string()))
        .filter(audit_event::Column::At.gt(since))
        .count(&db.read)
        .await
        .map_err(internal)?;
    if opened >= u64::from(config.server.sign_ups_per_hour) {
        return Err(AppError::TooManyRequests(
            "Too many accounts were opened from your network in the last hour. Try again later, or sign in with an account you have.".into(),
        ));
    }
    Ok(())
}

/// The audit action of an account opened at a shop's checkout.
const SIGNED_UP: &str = "shop.signed_up";

/// A new active account, a Public Customer of the shop's company, and its
/// session, in one transaction; an address already in use is refused.
pub async fn sign_up(
    db: &Db,
    config: &Config,
    passwords: &Passwords,
    shop: &ShopFacts,
    new: NewCustomer<'_>,
    client: &Client,
) -> Result<SignedIn, AppError> {
    let email = normalize_email(new.email);
    sign_ups_allowed(db, config, client).await?;
    // Checked before hashing too, so a taken address costs no hash.
    let known = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&db.read)
        .await
        .map_err(internal)?;
    if known.is_some() {
        return Err(taken());
    }
    let hash = passwords.hash(new.password.to_string()).await?;
    let txn = db.begin_write().await.map_err(internal)?;
    let created = user::ActiveModel {
        email: Set(email),
        display_name: Set(new.name.trim().to_string()),
        password_hash: Set(Some(hash)),
        state: Set("active".to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let account = match created {
        Ok(u) => u,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(taken());
        }
        Err(e) => return Err(internal(e)),
    };
    let company_id = shop.shop.company.0;
    give_role(&txn, account.id, company_id).await?;
    let mut who = anonymous(client);
    who.user = Some(account.id);
    audit::record(
        &txn,
        Event::new(SIGNED_UP, who)
            .subject(account.id)
            .company(Some(company_id))
            .detail(format!("as {}", JOINS_AS.slug())),
    )
    .await?;
    let jobs = config.server.public_url.join("jobs").map_err(|e| {
        internal(ServerError::Corrupt(format!(
            "the public URL takes no path: {e}"
        )))
    })?;
    mail::queue(
        &txn,
        Message {
            to: account.email.clone(),
            subject: format!("Welcome to {}", shop.name),
            body: format!(
                "You opened an account at {}'s shop with this address, as {}.\n\nYour print jobs:\n{jobs}\n\nIf this was not you, tell {} and do not use the account.\n",
                shop.name,
                account.display_name,
                shop.name
            ),
        },
    )
    .await?;
    let step = second_factor::step_for(&txn, &account).await?;
    let token = session::create(&txn, config, account.id, client, step).await?;
    txn.commit().await.map_err(internal)?;
    Ok(SignedIn {
        set_cookie: session::cookie(config, &token),
        landing: landing(step),
    })
}

/// The signed-in person becomes a Public Customer of the shop's company;
/// asked again inside the transaction, so two clicks give one role.
pub async fn join(
    db: &Db,
    who: &RequestIdentity,
    shop: &ShopFacts,
    client: &Client,
) -> Result<(), AppError> {
    let company_id = shop.shop.company.0;
    let txn = db.begin_write().await.map_err(internal)?;
    let held = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(who.user.id))
        .filter(role_assignment::Column::CompanyId.eq(company_id))
        .one(&txn)
        .await
        .map_err(internal)?;
    if held.is_some() {
        return Err(AppError::Conflict(
            "You already hold a role in this company.".into(),
        ));
    }
    give_role(&txn, who.user.id, company_id).await?;
    audit::record(
        &txn,
        Event::new("shop.joined", actor(who, client))
            .subject(who.user.id)
            .company(Some(company_id))
            .detail(format!("as {}", JOINS_AS.slug())),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
