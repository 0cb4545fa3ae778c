//! "Retrieve a new password": a one-hour link by e-mail. Admins never
//! choose a member's password; they send this link.

use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, SignedIn};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Actor, Event, anonymous};
use crate::auth::second_factor::{self, landing as second_factor_landing};
use crate::auth::{password::Passwords, session};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::{ServerError, internal};
use crate::identity::normalize_email;
use crate::mail::{self, Message};
use crate::mail_links::link;
use crate::tokens::{self, Purpose};

/// Issue a reset link for an active account and queue its e-mail.
pub async fn send_link<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    u: &user::Model,
    by_admin: Option<&str>,
) -> Result<(), ServerError> {
    tokens::revoke_all(conn, u.id, Purpose::PasswordReset).await?;
    let token = tokens::issue(conn, Purpose::PasswordReset, &u.email, u.id, None).await?;
    let why = match by_admin {
        Some(admin) => format!("{admin} sent you a link to choose your password."),
        None => {
            "Someone, hopefully you, asked to choose a new password for this address.".to_string()
        }
    };
    let link = link(config, "/reset-password", &token);
    mail::queue_with_link(
        conn,
        config,
        Message {
            to: u.email.clone(),
            subject: "Choose a new Imprimatur password".to_string(),
            body: format!(
                "{why}\n\nChoose it here (the link works once, for one hour):\n{link}\n\n\
                 If you did not ask for this, ignore this message: your password stays as it is."
            ),
        },
        &link,
    )
    .await
}

/// The work behind a reset request, done after the answer has gone out.
pub async fn request(
    db: &Db,
    config: &Config,
    email: &str,
    client: &Client,
) -> Result<(), ServerError> {
    let email = normalize_email(email);
    let txn = db.begin_write().await?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    if let Some(u) = found.filter(|u| u.state == "active") {
        send_link(&txn, config, &u, None).await?;
        audit::record(
            &txn,
            Event::new("password_reset", anonymous(client))
                .subject(u.id)
                .detail("link requested"),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn reset(
    db: &Db,
    config: &Config,
    passwords: &Passwords,
    token: &str,
    password: &str,
    client: &Client,
) -> Result<SignedIn, AppError> {
    let dead = imprimatur_app::checks::dead_link;
    // A cheap look first: random tokens never reach the slow hash.
    tokens::peek(&db.read, token, Purpose::PasswordReset)
        .await?
        .ok_or_else(dead)?;
    let hash = passwords.hash(password.to_string()).await?;
    let txn = db.begin_write().await.map_err(internal)?;
    let used = tokens::consume(&txn, token, Purpose::PasswordReset)
        .await?
        .ok_or_else(dead)?;
    let u = user::Entity::find_by_id(used.user_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .filter(|u| u.email == used.email && u.state == "active")
        .ok_or_else(dead)?;
    let mut active: user::ActiveModel = u.clone().into();
    active.password_hash = Set(Some(hash));
    active.update(&txn).await.map_err(internal)?;
    // A new password ends every session: whoever knew the old one is out.
    session::delete_all_of(&txn, u.id).await?;
    audit::record(
        &txn,
        Event::new(
            "password_reset",
            Actor {
                user: Some(u.id),
                real_user: None,
                client: client.addr,
            },
        )
        .subject(u.id)
        .detail("new password set"),
    )
    .await?;
    // The mailbox proves the address, not the second factor.
    let step = second_factor::step_for(&txn, &u).await?;
    let token = session::create(&txn, config, u.id, client, step).await?;
    txn.commit().await.map_err(internal)?;
    Ok(SignedIn {
        set_cookie: session::cookie(config, &token),
        landing: second_factor_landing(step),
    })
}
