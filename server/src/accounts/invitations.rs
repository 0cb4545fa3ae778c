//! Invitations: the role waits on the invitation; the link is a one-time
//! token; accepting is the only thing that uses it up.

use chrono::Utc;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{InvitationPreview, InvitationRow};
use imprimatur_app::ssr::{Client, RequestIdentity, SignedIn};
use imprimatur_core::{CompanyId, DepartmentId, Filter, ProjectId, RoleRef, Scope};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::{actor, anonymous, link};
use crate::audit::{self, Event};
use crate::auth::second_factor::{self, landing as second_factor_landing};
use crate::auth::{passkeys, password::Passwords, session};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{
    company, custom_role, department, department_member, invitation, project, role_assignment, user,
};
use crate::db::visibility::{Columns, condition};
use crate::error::{ServerError, internal};
use crate::identity::normalize_email;
use crate::mail::{self, Message};
use crate::tokens::{self, Purpose};

const PENDING: &str = "pending";

fn scope_of(i: &invitation::Model) -> Scope {
    let company = CompanyId(i.company_id);
    match (i.department_id, i.project_id) {
        (_, Some(p)) => Scope::Project(company, ProjectId(p)),
        (Some(d), None) => Scope::Department(company, DepartmentId(d)),
        (None, None) => Scope::Company(company),
    }
}

/// A role as stored on an invitation, by name: a built-in role's, or the
/// company's own role's.
pub(crate) async fn role_name<C: ConnectionTrait>(
    conn: &C,
    slug: &str,
) -> Result<String, ServerError> {
    Ok(match RoleRef::from_slug(slug) {
        Some(RoleRef::Builtin(r)) => r.name().to_string(),
        Some(RoleRef::Custom(id)) => custom_role::Entity::find_by_id(id.0)
            .one(conn)
            .await?
            .map(|r| r.name)
            .unwrap_or_else(|| "a role".to_string()),
        None => "a role".to_string(),
    })
}

/// Where an invitation's role applies: "Acme", "Acme / Sales" or
/// "Acme / Annual report" (a project).
async fn place_of<C: ConnectionTrait>(
    conn: &C,
    i: &invitation::Model,
) -> Result<String, ServerError> {
    let Some(p) = i.project_id else {
        return place_name(conn, i.company_id, i.department_id).await;
    };
    let company = place_name(conn, i.company_id, None).await?;
    let name = project::Entity::find_by_id(p)
        .one(conn)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    Ok(format!("{company} / {name}"))
}

/// "Acme" or "Acme / Sales".
pub(crate) async fn place_name<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
    department_id: Option<i64>,
) -> Result<String, ServerError> {
    let c = company::Entity::find_by_id(company_id)
        .one(conn)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(match department_id {
        None => c,
        Some(d) => {
            let d = department::Entity::find_by_id(d)
                .one(conn)
                .await?
                .map(|d| d.name)
                .unwrap_or_default();
            format!("{c} / {d}")
        }
    })
}

/// Issue a fresh link for the invitation and queue its e-mail.
pub(crate) async fn send<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    inv: &invitation::Model,
    inviter: &str,
) -> Result<(), ServerError> {
    tokens::revoke_invitation(conn, inv.id).await?;
    let token = tokens::issue(
        conn,
        Purpose::Invitation,
        &inv.email,
        inv.user_id,
        Some(inv.id),
    )
    .await?;
    let place = place_of(conn, inv).await?;
    let role = role_name(conn, &inv.role).await?;
    let link = link(config, "/invitation", &token);
    mail::queue_with_link(
        conn,
        config,
        Message {
            to: inv.email.clone(),
            subject: format!("You are invited to {place} on Imprimatur"),
            body: format!(
                "{inviter} invited you to {place} as {role}.\n\n\
                 Accept the invitation here (the link works once, for 7 days):\n{link}\n\n\
                 If you did not expect this, ignore this message."
            ),
        },
        &link,
    )
    .await
}

/// Who is invited, as what, where.
pub struct Invite<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: RoleRef,
    pub scope: Scope,
}

pub async fn invite(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    invite: Invite<'_>,
) -> Result<(), ServerError> {
    let txn = db.begin_write().await?;
    invite_in(&txn, config, who, client, invite).await?;
    txn.commit().await?;
    Ok(())
}

/// Invite in the caller's transaction (a new company and its first admin's
/// invitation are written together).
pub async fn invite_in<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    invite: Invite<'_>,
) -> Result<(), ServerError> {
    let Invite {
        email,
        name,
        role,
        scope,
    } = invite;
    let email = normalize_email(email);
    let company_id = scope.company().map(|c| c.0).unwrap_or_default();
    let department_id = match scope {
        Scope::Department(_, d) => Some(d.0),
        _ => None,
    };
    let project_id = match scope {
        Scope::Project(_, p) => Some(p.0),
        _ => None,
    };
    let account = match user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(conn)
        .await?
    {
        Some(u) => u,
        None => {
            user::ActiveModel {
                email: Set(email.clone()),
                display_name: Set(name.to_string()),
                password_hash: Set(None),
                state: Set("invited".to_string()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(conn)
            .await?
        }
    };
    let mut same = invitation::Entity::find()
        .filter(invitation::Column::UserId.eq(account.id))
        .filter(invitation::Column::CompanyId.eq(company_id))
        .filter(invitation::Column::Role.eq(role.slug()))
        .filter(invitation::Column::State.eq(PENDING));
    same = match department_id {
        Some(d) => same.filter(invitation::Column::DepartmentId.eq(d)),
        None => same.filter(invitation::Column::DepartmentId.is_null()),
    };
    same = match project_id {
        Some(p) => same.filter(invitation::Column::ProjectId.eq(p)),
        None => same.filter(invitation::Column::ProjectId.is_null()),
    };
    // Inviting again with the same role and place resends the invitation.
    let inv = match same.one(conn).await? {
        Some(existing) => existing,
        None => {
            invitation::ActiveModel {
                email: Set(email.clone()),
                user_id: Set(account.id),
                role: Set(role.slug()),
                company_id: Set(company_id),
                department_id: Set(department_id),
                project_id: Set(project_id),
                invited_by: Set(Some(who.user.id)),
                state: Set(PENDING.to_string()),
                created_at: Set(Utc::now()),
                decided_at: Set(None),
                ..Default::default()
            }
            .insert(conn)
            .await?
        }
    };
    send(conn, config, &inv, &who.user.display_name).await?;
    audit::record(
        conn,
        Event::new("invitation.sent", actor(who, client))
            .subject(account.id)
            .company(Some(company_id))
            .detail(format!(
                "{} as {}",
                email,
                role_name(conn, &role.slug()).await?
            )),
    )
    .await?;
    Ok(())
}

pub async fn list(db: &Db, filter: &Filter) -> Result<Vec<InvitationRow>, ServerError> {
    let cols = Columns {
        id: None,
        company: Some(Expr::col((
            invitation::Entity,
            invitation::Column::CompanyId,
        ))),
        department: Some(Expr::col((
            invitation::Entity,
            invitation::Column::DepartmentId,
        ))),
        owner: None,
        project: Some(Expr::col((
            invitation::Entity,
            invitation::Column::ProjectId,
        ))),
        chapter: None,
        state: None,
        publication_type: None,
        approver: None,
    };
    let rows = invitation::Entity::find()
        .filter(invitation::Column::State.eq(PENDING))
        .filter(condition(filter, &cols))
        .order_by_desc(invitation::Column::Id)
        .limit(200)
        .all(&db.read)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(InvitationRow {
            id: r.id,
            place: place_of(&db.read, &r).await?,
            role: role_name(&db.read, &r.role).await?,
            invited_at: r
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            email: r.email,
        });
    }
    Ok(out)
}

pub async fn pending(db: &Db, id: i64) -> Result<Option<(RoleRef, Scope)>, ServerError> {
    Ok(invitation::Entity::find_by_id(id)
        .filter(invitation::Column::State.eq(PENDING))
        .one(&db.read)
        .await?
        .and_then(|i| Some((RoleRef::from_slug(&i.role)?, scope_of(&i)))))
}

/// Resend (a fresh link) or cancel a pending invitation.
pub async fn manage(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    id: i64,
    cancel: bool,
) -> Result<(), AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let inv = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::State.eq(PENDING))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such pending invitation.".into()))?;
    let action = if cancel {
        tokens::revoke_invitation(&txn, inv.id).await?;
        let mut active: invitation::ActiveModel = inv.clone().into();
        active.state = Set("cancelled".to_string());
        active.decided_at = Set(Some(Utc::now()));
        active.update(&txn).await.map_err(internal)?;
        "invitation.cancelled"
    } else {
        send(&txn, config, &inv, &who.user.display_name).await?;
        "invitation.resent"
    };
    audit::record(
        &txn,
        Event::new(action, actor(who, client))
            .subject(inv.user_id)
            .company(Some(inv.company_id))
            .detail(inv.email.clone()),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Resend every pending invitation of an invited member.
pub async fn resend_all_of<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    user_id: i64,
    inviter: &str,
) -> Result<usize, ServerError> {
    let pending = invitation::Entity::find()
        .filter(invitation::Column::UserId.eq(user_id))
        .filter(invitation::Column::State.eq(PENDING))
        .all(conn)
        .await?;
    for inv in &pending {
        send(conn, config, inv, inviter).await?;
    }
    Ok(pending.len())
}

/// The invitation and account behind a live link, read-only.
async fn behind<C: ConnectionTrait>(
    conn: &C,
    token: &str,
) -> Result<Option<(invitation::Model, user::Model)>, ServerError> {
    let Some(t) = tokens::peek(conn, token, Purpose::Invitation).await? else {
        return Ok(None);
    };
    let Some(inv) = invitation::Entity::find_by_id(t.invitation_id.unwrap_or_default())
        .filter(invitation::Column::State.eq(PENDING))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(t.user_id).one(conn).await? else {
        return Ok(None);
    };
    // Bound to the address it was sent to: a changed address kills the link.
    Ok((u.email == t.email && inv.email == t.email).then_some((inv, u)))
}

fn dead_link() -> AppError {
    imprimatur_app::checks::dead_link()
}

/// Never set up: no name, password or passkey of the person's own yet. (An
/// account that joined with a passkey alone is active and not new.)
fn is_new(u: &user::Model) -> bool {
    matches!(u.state.as_str(), "invited" | "inactive")
}

pub async fn preview(db: &Db, token: &str) -> Result<InvitationPreview, AppError> {
    let (inv, u) = behind(&db.read, token)
        .await
        .map_err(internal)?
        .ok_or_else(dead_link)?;
    Ok(InvitationPreview {
        email: u.email.clone(),
        company: place_of(&db.read, &inv).await.map_err(internal)?,
        role: role_name(&db.read, &inv.role).await.map_err(internal)?,
        new_account: is_new(&u),
    })
}

pub async fn accept(
    db: &Db,
    config: &Config,
    passwords: &Passwords,
    token: &str,
    name: &str,
    password: &str,
    client: &Client,
) -> Result<SignedIn, AppError> {
    use imprimatur_app::checks;
    // Read first, so the slow hashing happens outside the write lock.
    let (_, u) = behind(&db.read, token)
        .await
        .map_err(internal)?
        .ok_or_else(dead_link)?;
    if u.state == "suspended" {
        return Err(AppError::Forbidden(
            "This account is suspended. Ask your administrator to reactivate it.".into(),
        ));
    }
    let new_account = is_new(&u);
    let new_hash = if new_account {
        checks::display_name(name)?;
        checks::new_password(password)?;
        Some(
            passwords
                .hash(password.to_string())
                .await
                .map_err(internal)?,
        )
    } else {
        let ok = passwords
            .verify(password.to_string(), u.password_hash.clone())
            .await
            .map_err(internal)?;
        if !ok {
            return Err(AppError::Unauthorized(
                "That is not the password of this account.".into(),
            ));
        }
        None
    };

    let credential = match new_hash {
        Some(hash) => Credential::Password(hash),
        None => Credential::Existing,
    };
    complete(db, config, token, name, credential, client).await
}

/// What an accepted invitation leaves the account to sign in with.
enum Credential {
    /// An account that already had one (it confirmed its password).
    Existing,
    /// A new account's password, hashed.
    Password(String),
    /// A new account's passkey, verified.
    Passkey(Box<webauthn_rs::prelude::Passkey>),
}

/// Use the link up and give what it promised, in one transaction: the
/// account's credential and state, the role, the department, a session.
async fn complete(
    db: &Db,
    config: &Config,
    token: &str,
    name: &str,
    credential: Credential,
    client: &Client,
) -> Result<SignedIn, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let used = tokens::consume(&txn, token, Purpose::Invitation)
        .await
        .map_err(internal)?
        .ok_or_else(dead_link)?;
    let inv = invitation::Entity::find_by_id(used.invitation_id.unwrap_or_default())
        .filter(invitation::Column::State.eq(PENDING))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(dead_link)?;
    let account = user::Entity::find_by_id(used.user_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .filter(|a| a.email == used.email)
        .ok_or_else(dead_link)?;
    // A passkey with user verification is two factors: no second step.
    let passkey = matches!(credential, Credential::Passkey(_));
    match credential {
        Credential::Existing => {}
        Credential::Password(hash) => {
            activate(&txn, &account, name, Some(hash)).await?;
        }
        Credential::Passkey(key) => {
            if !is_new(&account) {
                return Err(dead_link());
            }
            activate(&txn, &account, name, None).await?;
            passkeys::store(&txn, account.id, "Added when joining", &key).await?;
        }
    }
    let mut held = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(account.id))
        .filter(role_assignment::Column::Role.eq(inv.role.as_str()))
        .filter(role_assignment::Column::CompanyId.eq(inv.company_id));
    held = match inv.department_id {
        Some(d) => held.filter(role_assignment::Column::DepartmentId.eq(d)),
        None => held.filter(role_assignment::Column::DepartmentId.is_null()),
    };
    held = match inv.project_id {
        Some(p) => held.filter(role_assignment::Column::ProjectId.eq(p)),
        None => held.filter(role_assignment::Column::ProjectId.is_null()),
    };
    if held.one(&txn).await.map_err(internal)?.is_none() {
        role_assignment::ActiveModel {
            user_id: Set(account.id),
            role: Set(inv.role.clone()),
            company_id: Set(Some(inv.company_id)),
            department_id: Set(inv.department_id),
            project_id: Set(inv.project_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
    }
    if let Some(d) = inv.department_id {
        let member = department_member::Entity::find()
            .filter(department_member::Column::UserId.eq(account.id))
            .filter(department_member::Column::DepartmentId.eq(d))
            .one(&txn)
            .await
            .map_err(internal)?;
        if member.is_none() {
            department_member::ActiveModel {
                department_id: Set(d),
                user_id: Set(account.id),
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
        }
    }
    let mut decided: invitation::ActiveModel = inv.clone().into();
    decided.state = Set("accepted".to_string());
    decided.decided_at = Set(Some(Utc::now()));
    decided.update(&txn).await.map_err(internal)?;
    let mut who = anonymous(client);
    who.user = Some(account.id);
    audit::record(
        &txn,
        Event::new("invitation.accepted", who)
            .subject(account.id)
            .company(Some(inv.company_id))
            .detail(format!("as {}", inv.role)),
    )
    .await?;
    // The company may require a second factor of the member just made.
    let step = match passkey {
        true => None,
        false => second_factor::step_for(&txn, &account).await?,
    };
    let session = session::create(&txn, config, account.id, client, step).await?;
    txn.commit().await.map_err(internal)?;
    Ok(SignedIn {
        set_cookie: session::cookie(config, &session),
        landing: second_factor_landing(step),
    })
}

async fn activate<C: ConnectionTrait>(
    conn: &C,
    account: &user::Model,
    name: &str,
    password_hash: Option<String>,
) -> Result<(), AppError> {
    let mut active: user::ActiveModel = account.clone().into();
    active.password_hash = Set(password_hash);
    active.display_name = Set(name.to_string());
    active.state = Set("active".to_string());
    active.update(conn).await.map_err(internal)?;
    Ok(())
}

/// A new account's invitation, for a passkey instead of a password: the
/// account behind a live link, which has never been set up.
async fn new_account_behind(db: &Db, token: &str) -> Result<user::Model, AppError> {
    let (_, u) = behind(&db.read, token)
        .await
        .map_err(internal)?
        .ok_or_else(dead_link)?;
    if !is_new(&u) {
        return Err(AppError::Conflict(
            "This address already has an account: accept with its password.".into(),
        ));
    }
    Ok(u)
}

/// Begin registering the passkey a new account will sign in with. The link
/// stays unused until the passkey is verified.
pub async fn passkey_start(
    db: &Db,
    wa: &webauthn_rs::prelude::Webauthn,
    token: &str,
) -> Result<(String, webauthn_rs::prelude::CreationChallengeResponse), AppError> {
    let u = new_account_behind(db, token).await?;
    passkeys::register_start(db, wa, u.id).await
}

/// Verify the passkey a new account registered at its invitation (the
/// ceremony is used up; the link is not).
pub async fn verified_passkey(
    db: &Db,
    wa: &webauthn_rs::prelude::Webauthn,
    token: &str,
    ceremony: &str,
    credential: &webauthn_rs::prelude::RegisterPublicKeyCredential,
) -> Result<webauthn_rs::prelude::Passkey, AppError> {
    let u = new_account_behind(db, token).await?;
    passkeys::verify_registration(db, wa, u.id, ceremony, credential).await
}

/// Accept with a verified passkey: stored with everything else the
/// invitation gives, in one transaction.
pub async fn accept_with_passkey(
    db: &Db,
    config: &Config,
    token: &str,
    name: &str,
    key: webauthn_rs::prelude::Passkey,
    client: &Client,
) -> Result<SignedIn, AppError> {
    imprimatur_app::checks::display_name(name)?;
    complete(
        db,
        config,
        token,
        name,
        Credential::Passkey(Box::new(key)),
        client,
    )
    .await
}
