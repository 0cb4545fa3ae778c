//! A public company's shop: its facts, what everyone may see, and the two
//! ways in at checkout (a new account, finished from a mailed link, or an
//! existing one joining).

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
use crate::tokens::{self, Purpose};

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

/// 429 once the client's address asked for `sign_ups_per_hour` accounts
/// in the last hour, counted from the audit trail (so every server process
/// and a restart see the same count).
async fn sign_ups_allowed(db: &Db, config: &Config, client: &Client) -> Result<(), AppError> {
    let Some(addr) = client.addr else {
        return Ok(());
    };
    let since = Utc::now() - chrono::Duration::hours(1);
    let opened = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(SIGN_UP_ASKED))
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
/// Asked for at a shop's checkout; counted for the limit, whichever way.
const SIGN_UP_ASKED: &str = "shop.sign_up_asked";

/// The one answer to a sign-up: a stranger learns nothing from it about
/// whether the address has an account. What happens is in the mail to the
/// address: a link to finish a new account, or a notice to its holder.
pub async fn sign_up(
    db: &Db,
    config: &Config,
    passwords: &Passwords,
    shop: &ShopFacts,
    new: NewCustomer<'_>,
    client: &Client,
) -> Result<(), AppError> {
    let email = normalize_email(new.email);
    sign_ups_allowed(db, config, client).await?;
    // Hashed whichever way, so the time taken tells nothing either.
    let hash = passwords.hash(new.password.to_string()).await?;
    let txn = db.begin_write().await.map_err(internal)?;
    let known = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await
        .map_err(internal)?;
    let company_id = shop.shop.company.0;
    let name = new.name.trim().to_string();
    let account = match known {
        // Opened at a checkout and never finished: the newest try counts.
        Some(u) if u.state == "invited" && u.password_hash.is_some() => {
            let mut again: user::ActiveModel = u.into();
            again.display_name = Set(name);
            again.password_hash = Set(Some(hash));
            again.update(&txn).await.map_err(internal)?
        }
        Some(u) => {
            notify_holder(&txn, config, shop, &u).await?;
            return finish_asking(txn, client, u.id, company_id).await;
        }
        None => {
            let created = user::ActiveModel {
                email: Set(email),
                display_name: Set(name),
                password_hash: Set(Some(hash)),
                state: Set("invited".to_string()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            match created {
                Ok(u) => u,
                // Taken meanwhile: the same answer, and nothing written.
                Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    return Ok(());
                }
                Err(e) => return Err(internal(e)),
            }
        }
    };
    tokens::revoke_all(&txn, account.id, Purpose::SignUp).await?;
    let token = tokens::issue(&txn, Purpose::SignUp, &account.email, account.id, None).await?;
    let link = crate::accounts::link(config, &format!("/store/{}", shop.slug), &token);
    mail::queue_with_link(
        &txn,
        config,
        Message {
            to: account.email.clone(),
            subject: format!("Finish opening your account at {}", shop.name),
            body: format!(
                "You asked to open an account at {}'s shop with this address, as {}.\n\n\
                 Finish it here with the password you chose (the link works once, for one day):\n{link}\n\n\
                 If this was not you, ignore this message: no account is opened.\n",
                shop.name, account.display_name
            ),
        },
        &link,
    )
    .await?;
    finish_asking(txn, client, account.id, company_id).await
}

async fn finish_asking(
    txn: sea_orm::DatabaseTransaction,
    client: &Client,
    user_id: i64,
    company_id: i64,
) -> Result<(), AppError> {
    audit::record(
        &txn,
        Event::new(SIGN_UP_ASKED, anonymous(client))
            .subject(user_id)
            .company(Some(company_id)),
    )
    .await?;
    txn.commit().await.map_err(internal)
}

/// The holder of an address someone tried to open an account with.
async fn notify_holder<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    shop: &ShopFacts,
    holder: &user::Model,
) -> Result<(), AppError> {
    let base = config.server.public_url.as_str().trim_end_matches('/');
    mail::queue(
        conn,
        Message {
            to: holder.email.clone(),
            subject: format!("Your account and {}'s shop", shop.name),
            body: format!(
                "Someone, hopefully you, asked to open an account at {}'s shop with this address. \
                 You have an account already, so no second one was opened.\n\n\
                 To shop there, sign in:\n{base}/sign-in?next=/store/{}\n\n\
                 Forgot your password? Choose a new one:\n{base}/forgot-password\n\n\
                 If this was not you, ignore this message: nothing changed.\n",
                shop.name, shop.slug
            ),
        },
    )
    .await?;
    Ok(())
}

/// The account behind a sign-up link becomes active, a Public Customer of
/// the shop's company, and signed in, once its password is given again
/// (so a sign-up made by someone else cannot be finished by a click).
pub async fn finish_sign_up(
    db: &Db,
    config: &Config,
    passwords: &Passwords,
    shop: &ShopFacts,
    token: &str,
    password: &str,
    client: &Client,
) -> Result<SignedIn, AppError> {
    let dead = imprimatur_app::checks::dead_link;
    let found = tokens::peek(&db.read, token, Purpose::SignUp)
        .await?
        .ok_or_else(dead)?;
    let account = user::Entity::find_by_id(found.user_id)
        .one(&db.read)
        .await
        .map_err(internal)?
        .filter(|u| u.state == "invited" && u.email == found.email)
        .ok_or_else(dead)?;
    if !passwords
        .verify(password.to_string(), account.password_hash.clone())
        .await?
    {
        return Err(AppError::Forbidden(
            "That is not the password chosen when the account was asked for.".into(),
        ));
    }
    let txn = db.begin_write().await.map_err(internal)?;
    // Used up in the change it allows: two clicks open one account.
    tokens::consume(&txn, token, Purpose::SignUp)
        .await?
        .ok_or_else(dead)?;
    let mut active: user::ActiveModel = account.clone().into();
    active.state = Set("active".to_string());
    let account = active.update(&txn).await.map_err(internal)?;
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
