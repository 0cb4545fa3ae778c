//! Opening a session: with the password, or with a passkey, then the
//! account's own checks. A password sign-in may still wait for its second
//! factor; a passkey with user verification is two factors on its own.

use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, SignedIn};
use imprimatur_core::{Permission, Principal, Resource, ResourceKind, UserState, authorize};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use webauthn_rs::prelude::{PublicKeyCredential, Webauthn};

use crate::audit::{self, Event, Outcome, anonymous};
use crate::auth::limits::{self, locked_message};
use crate::auth::{passkeys, password::Passwords, second_factor, session};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::internal;
use crate::identity;

const PASSWORD: &str = "password";

/// The same words whether the address is unknown or the password wrong.
fn bad_credentials() -> AppError {
    AppError::Unauthorized("The e-mail address or the password is not right.".to_string())
}

/// Check the address and the password, within the sign-in limits.
pub async fn with_password(
    db: &Db,
    config: &Config,
    passwords: &Passwords,
    email: &str,
    password: &str,
    client: &Client,
    previous_session: Option<&str>,
) -> Result<SignedIn, AppError> {
    let email = identity::normalize_email(email);
    if let Some(wait) = limits::SIGN_IN
        .locked(&db.read, Some(&email), client.addr)
        .await?
    {
        return Err(AppError::TooManyRequests(locked_message(wait)));
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&db.read)
        .await
        .map_err(internal)?;
    let stored = found.as_ref().and_then(|u| u.password_hash.clone());
    let ok = passwords
        .verify(password.to_string(), stored)
        .await
        .map_err(internal)?;
    let Some(found) = found.filter(|_| ok) else {
        limits::SIGN_IN
            .failed(db.writer(), Some(&email), client.addr)
            .await?;
        audit::record(
            db.writer(),
            Event::new("sign_in", anonymous(client))
                .outcome(Outcome::Failed)
                .detail(email.clone()),
        )
        .await?;
        return Err(bad_credentials());
    };
    limits::SIGN_IN.succeeded(db.writer(), &email, None).await?;
    open_session(db, config, found, client, previous_session, PASSWORD).await
}

/// Verify the passkey; as the second step of a password sign-in it must be
/// the same person's.
pub async fn with_passkey(
    db: &Db,
    config: &Config,
    webauthn: &Webauthn,
    ceremony: &str,
    credential: &PublicKeyCredential,
    client: &Client,
    previous_session: Option<&str>,
) -> Result<SignedIn, AppError> {
    let found = passkeys::sign_in_finish(db, webauthn, ceremony, credential, client).await?;
    let waiting = match previous_session {
        Some(token) => session::resolve(db, config, token)
            .await?
            .filter(|s| s.second_factor_step.is_some()),
        None => None,
    };
    let method = match waiting {
        Some(s) if s.user_id != found.id => {
            return Err(AppError::Forbidden(
                "That passkey belongs to another account. Use one of this account's passkeys."
                    .into(),
            ));
        }
        Some(_) => "password + passkey",
        None => "passkey",
    };
    open_session(db, config, found, client, previous_session, method).await
}

/// After the password or the passkey: the account's own checks, then a
/// new session (the old one, if any, ends) and its audit record.
async fn open_session(
    db: &Db,
    config: &Config,
    found: user::Model,
    client: &Client,
    previous_session: Option<&str>,
    method: &'static str,
) -> Result<SignedIn, AppError> {
    // The caller proved who they are, so saying why the account cannot
    // sign in reveals nothing to a stranger.
    let current = identity::load(db, &found).await?;
    let refusal = match current.principal.state {
        UserState::Active => None,
        UserState::Suspended => {
            Some("This account is suspended. Ask your administrator to reactivate it.")
        }
        UserState::Inactive => Some("This account is not set up for signing in."),
        UserState::Invited => {
            Some("Please accept your invitation first: follow the link in the e-mail.")
        }
    };
    let portal = authorize(
        &Principal::User(current.principal.clone()),
        Permission::PortalAccess,
        &Resource::new(ResourceKind::Portal),
    );
    // A Print Operator has no portal (Scantrust) but signs in to the
    // printer app's pages; their navigation holds nothing else.
    let printer_app = authorize(
        &Principal::User(current.principal.clone()),
        Permission::PrinterAppCalibrateQa,
        &Resource::new(ResourceKind::PrinterApp),
    );
    let refusal = refusal.or((!portal.is_allowed() && !printer_app.is_allowed())
        .then_some("None of your roles lets you sign in here."));
    let mut who = anonymous(client);
    who.user = Some(found.id);
    if let Some(why) = refusal {
        audit::record(
            db.writer(),
            Event::new("sign_in", who)
                .outcome(Outcome::Denied)
                .subject(found.id)
                .detail(why),
        )
        .await?;
        return Err(AppError::Forbidden(why.into()));
    }
    let txn = db.begin_write().await.map_err(internal)?;
    // A new id at every sign-in: a session fixed before sign-in is worthless.
    if let Some(old) = previous_session {
        session::delete(&txn, old).await?;
    }
    // A passkey with user verification is two factors on its own.
    let step = match method {
        PASSWORD => second_factor::step_for(&txn, &found).await?,
        _ => None,
    };
    let token = session::create(&txn, config, found.id, client, step).await?;
    let detail = match step {
        Some(_) => format!("{method}; second factor asked"),
        None => method.to_string(),
    };
    audit::record(
        &txn,
        Event::new("sign_in", who).subject(found.id).detail(detail),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    tracing::info!(user = found.id, method, "signed in");
    Ok(SignedIn {
        set_cookie: session::cookie(config, &token),
        landing: second_factor::landing(step),
    })
}
