//! The server's implementation of the app's [`Backend`]. Each method only
//! queries and changes the database; the server functions asked `core` first.

use std::sync::Arc;

use imprimatur_app::error::AppError;
use imprimatur_app::model::{
    AssignmentRow, AuditQuery, AuditRow, CompanyDepartments, CompanyRow, CompanySettings,
    CustomRoles, GivenRole, Groups, HolderChange, ImpersonationRow, ImportRow, InvitationPreview,
    InvitationRow, InvitePlace, MailRow, MemberDepartment, MemberRow, MemberSecondFactor,
    NewCompany, PasskeyRow, Projects, RoleThroughGroup, SecondFactorOverview, SecondFactorRule,
    SecondFactorStatus, SessionRow, SettingsChange, TotpEnrolled, TotpSetup,
};
use imprimatur_app::ssr::{
    Backend, Client, Enroller, PendingSignIn, PlaceNames, RequestIdentity, SignedIn,
};
use imprimatur_core::{
    AssignTarget, CustomRole, Filter, Permission, Principal, Resource, ResourceKind, Scope,
    UserPrincipal, UserState, authorize,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use webauthn_rs::prelude::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse, Webauthn,
};

use crate::accounts::{
    self, anonymous, companies, custom_roles, departments, groups, impersonation, import,
    invitations, members, passwords, places, projects, roles, second_factors,
};
use crate::audit::{self, Event, Outcome};
use crate::auth::limits::{self, locked_message};
use crate::auth::{passkeys, password::Passwords, second_factor, session};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::internal;
use crate::identity;

pub struct ServerBackend {
    pub db: Db,
    pub config: Arc<Config>,
    pub passwords: Passwords,
    pub webauthn: Arc<Webauthn>,
}

impl ServerBackend {
    pub fn new(db: Db, config: Arc<Config>, passwords: Passwords, webauthn: Arc<Webauthn>) -> Self {
        Self {
            db,
            config,
            passwords,
            webauthn,
        }
    }

    /// After the password or the passkey: the account's own checks, then a
    /// new session (the old one, if any, ends) and its audit record.
    async fn open_session(
        &self,
        found: user::Model,
        client: &Client,
        previous_session: Option<&str>,
        method: &'static str,
    ) -> Result<SignedIn, AppError> {
        // The caller proved who they are, so saying why the account cannot
        // sign in reveals nothing to a stranger.
        let current = identity::load(&self.db, &found).await?;
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
                self.db.writer(),
                Event::new("sign_in", who)
                    .outcome(Outcome::Denied)
                    .subject(found.id)
                    .detail(why),
            )
            .await?;
            return Err(AppError::Forbidden(why.into()));
        }
        let txn = self.db.begin_write().await.map_err(internal)?;
        // A new id at every sign-in: a session fixed before sign-in is worthless.
        if let Some(old) = previous_session {
            session::delete(&txn, old).await?;
        }
        // A passkey with user verification is two factors on its own.
        let step = match method {
            PASSWORD => second_factor::step_for(&txn, &found).await?,
            _ => None,
        };
        let token = session::create(&txn, &self.config, found.id, client, step).await?;
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
            set_cookie: session::cookie(&self.config, &token),
            landing: second_factor::landing(step),
        })
    }
}

const PASSWORD: &str = "password";

/// The same words whether the address is unknown or the password wrong.
fn bad_credentials() -> AppError {
    AppError::Unauthorized("The e-mail address or the password is not right.".to_string())
}

fn fmt_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[async_trait::async_trait]
impl Backend for ServerBackend {
    #[tracing::instrument(skip(self, password, previous_session, client), fields(email = %email))]
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: &Client,
        previous_session: Option<&str>,
    ) -> Result<SignedIn, AppError> {
        let email = identity::normalize_email(email);
        if let Some(wait) = limits::SIGN_IN
            .locked(&self.db.read, Some(&email), client.addr)
            .await?
        {
            return Err(AppError::TooManyRequests(locked_message(wait)));
        }
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db.read)
            .await
            .map_err(internal)?;
        let stored = found.as_ref().and_then(|u| u.password_hash.clone());
        let ok = self
            .passwords
            .verify(password.to_string(), stored)
            .await
            .map_err(internal)?;
        let Some(found) = found.filter(|_| ok) else {
            limits::SIGN_IN
                .failed(self.db.writer(), Some(&email), client.addr)
                .await?;
            audit::record(
                self.db.writer(),
                Event::new("sign_in", anonymous(client))
                    .outcome(Outcome::Failed)
                    .detail(email.clone()),
            )
            .await?;
            return Err(bad_credentials());
        };
        limits::SIGN_IN
            .succeeded(self.db.writer(), &email, None)
            .await?;
        self.open_session(found, client, previous_session, PASSWORD)
            .await
    }

    #[tracing::instrument(skip_all)]
    async fn sign_out(
        &self,
        who: Option<&RequestIdentity>,
        session_token: &str,
        client: &Client,
    ) -> Result<String, AppError> {
        if !session_token.is_empty() {
            session::delete(self.db.writer(), session_token).await?;
        }
        if let Some(who) = who {
            audit::record(
                self.db.writer(),
                Event::new("sign_out", accounts::actor(who, client)).subject(who.user.id),
            )
            .await?;
        }
        Ok(session::clear_cookie(&self.config))
    }

    #[tracing::instrument(skip_all)]
    async fn sign_out_everywhere(
        &self,
        who: &RequestIdentity,
        client: &Client,
    ) -> Result<String, AppError> {
        let txn = self.db.begin_write().await.map_err(internal)?;
        session::delete_all_of(&txn, who.user.id).await?;
        audit::record(
            &txn,
            Event::new("sign_out_everywhere", accounts::actor(who, client)).subject(who.user.id),
        )
        .await?;
        txn.commit().await.map_err(internal)?;
        Ok(session::clear_cookie(&self.config))
    }

    #[tracing::instrument(skip_all)]
    async fn my_sessions(&self, who: &RequestIdentity) -> Result<Vec<SessionRow>, AppError> {
        let mine = session::hash_token(&who.session_token);
        Ok(session::of_user(&self.db, who.user.id)
            .await?
            .into_iter()
            .map(|s| SessionRow {
                started: fmt_time(s.created_at),
                last_seen: fmt_time(s.last_seen_at),
                client_addr: s.client_addr,
                user_agent: s.user_agent,
                current: s.token_hash == mine,
            })
            .collect())
    }

    #[tracing::instrument(skip(self, viewer, filter))]
    async fn list_members(
        &self,
        viewer: &Principal,
        filter: &Filter,
        search: &str,
    ) -> Result<Vec<MemberRow>, AppError> {
        Ok(crate::members::list(&self.db, viewer, filter, search).await?)
    }

    async fn member_resources(&self, user_id: i64) -> Result<Vec<Resource>, AppError> {
        Ok(members::resources(&self.db.read, user_id).await?)
    }

    async fn member_view(&self, user_id: i64) -> Result<imprimatur_core::MemberView, AppError> {
        Ok(members::views_of_many(&self.db.read, &[user_id])
            .await?
            .remove(&user_id)
            .unwrap_or_else(|| {
                imprimatur_core::MemberView::new(
                    imprimatur_core::UserId(user_id),
                    Vec::new(),
                    Vec::new(),
                )
            }))
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn set_member_state(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        state: UserState,
    ) -> Result<(), AppError> {
        members::set_state(&self.db, who, client, user_id, state).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn resend_credentials(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
    ) -> Result<(), AppError> {
        members::resend_credentials(&self.db, &self.config, who, client, user_id).await
    }

    async fn assign_target(
        &self,
        company_id: i64,
        department_id: Option<i64>,
        except_invitation: Option<i64>,
    ) -> Result<AssignTarget, AppError> {
        let (c, _) =
            places::company_and_department(&self.db.read, company_id, department_id).await?;
        Ok(places::target(&self.db.read, &c, except_invitation).await?)
    }

    async fn invite_places(&self, who: &RequestIdentity) -> Result<Vec<InvitePlace>, AppError> {
        Ok(
            places::invite_places(&self.db.read, &who.user.principal, places::Giving::Invite)
                .await?,
        )
    }

    #[tracing::instrument(skip(self, who, client, name), fields(email = %email))]
    async fn invite(
        &self,
        who: &RequestIdentity,
        client: &Client,
        email: &str,
        name: &str,
        role: imprimatur_core::RoleRef,
        scope: Scope,
    ) -> Result<(), AppError> {
        let invite = invitations::Invite {
            email,
            name,
            role,
            scope,
        };
        Ok(invitations::invite(&self.db, &self.config, who, client, invite).await?)
    }

    async fn list_invitations(&self, filter: &Filter) -> Result<Vec<InvitationRow>, AppError> {
        Ok(invitations::list(&self.db, filter).await?)
    }

    async fn pending_invitation(
        &self,
        id: i64,
    ) -> Result<Option<(imprimatur_core::RoleRef, Scope)>, AppError> {
        Ok(invitations::pending(&self.db, id).await?)
    }

    async fn resend_invitation(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError> {
        invitations::manage(&self.db, &self.config, who, client, id, false).await
    }

    async fn cancel_invitation(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError> {
        invitations::manage(&self.db, &self.config, who, client, id, true).await
    }

    #[tracing::instrument(skip_all)]
    async fn preview_invitation(&self, token: &str) -> Result<InvitationPreview, AppError> {
        invitations::preview(&self.db, token).await
    }

    #[tracing::instrument(skip_all)]
    async fn accept_invitation(
        &self,
        token: &str,
        display_name: &str,
        password: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError> {
        invitations::accept(
            &self.db,
            &self.config,
            &self.passwords,
            token,
            display_name,
            password,
            client,
        )
        .await
    }

    async fn invitation_passkey_start(
        &self,
        token: &str,
    ) -> Result<(String, CreationChallengeResponse), AppError> {
        invitations::passkey_start(&self.db, &self.webauthn, token).await
    }

    #[tracing::instrument(skip_all)]
    async fn accept_invitation_with_passkey(
        &self,
        token: &str,
        display_name: &str,
        ceremony: &str,
        credential: &RegisterPublicKeyCredential,
        client: &Client,
    ) -> Result<SignedIn, AppError> {
        // A name the account cannot take is refused before the ceremony is used.
        imprimatur_app::api::checks::display_name(display_name)?;
        let key =
            invitations::verified_passkey(&self.db, &self.webauthn, token, ceremony, credential)
                .await?;
        invitations::accept_with_passkey(&self.db, &self.config, token, display_name, key, client)
            .await
    }

    #[tracing::instrument(skip_all)]
    async fn request_password_reset(&self, email: &str, client: &Client) -> Result<(), AppError> {
        let email = identity::normalize_email(email);
        // Limited silently: the answer is the same as always.
        let attempt = limits::PASSWORD_RESET
            .count(self.db.writer(), Some(&email), client.addr)
            .await?;
        if attempt.refused {
            return Ok(());
        }
        // The work happens after the answer, so its timing says nothing
        // about whether the address has an account.
        let (db, config, client) = (self.db.clone(), self.config.clone(), client.clone());
        tokio::spawn(async move {
            // Start once the answer is out, so the work cannot slow it.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            if let Err(e) = passwords::request(&db, &config, &email, &client).await {
                tracing::error!(error = %e, "could not send a password reset link");
            }
        });
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn reset_password(
        &self,
        token: &str,
        password: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError> {
        passwords::reset(
            &self.db,
            &self.config,
            &self.passwords,
            token,
            password,
            client,
        )
        .await
    }

    async fn list_audit(
        &self,
        filter: &Filter,
        query: &AuditQuery,
    ) -> Result<Vec<AuditRow>, AppError> {
        Ok(audit::list(&self.db, filter, query).await?)
    }

    async fn import_companies(
        &self,
        who: &RequestIdentity,
    ) -> Result<Vec<(i64, String)>, AppError> {
        Ok(places::import_companies(&self.db.read, &who.user.principal).await?)
    }

    async fn read_import(&self, company_id: i64, csv: &str) -> Result<Vec<ImportRow>, AppError> {
        import::read(&self.db, company_id, csv).await
    }

    #[tracing::instrument(skip(self, who, client, rows))]
    async fn import_members(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        rows: &[ImportRow],
        invite: bool,
    ) -> Result<usize, AppError> {
        import::import(
            &self.db,
            &self.config,
            who,
            client,
            company_id,
            rows,
            invite,
        )
        .await
    }

    async fn passkey_register_start(
        &self,
        who: &RequestIdentity,
    ) -> Result<(String, CreationChallengeResponse), AppError> {
        passkeys::register_start(&self.db, &self.webauthn, who.user.id).await
    }

    #[tracing::instrument(skip_all)]
    async fn passkey_register_finish(
        &self,
        who: &RequestIdentity,
        client: &Client,
        ceremony: &str,
        name: &str,
        credential: &RegisterPublicKeyCredential,
    ) -> Result<(), AppError> {
        let actor = accounts::actor(who, client);
        passkeys::register_finish(&self.db, &self.webauthn, actor, ceremony, name, credential).await
    }

    async fn list_passkeys(&self, who: &RequestIdentity) -> Result<Vec<PasskeyRow>, AppError> {
        passkeys::list(&self.db, who.user.id).await
    }

    async fn remove_passkey(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError> {
        passkeys::remove(&self.db, accounts::actor(who, client), id).await
    }

    async fn passkey_sign_in_start(
        &self,
        client: &Client,
    ) -> Result<(String, RequestChallengeResponse), AppError> {
        passkeys::sign_in_start(&self.db, &self.webauthn, client).await
    }

    #[tracing::instrument(skip_all)]
    async fn passkey_sign_in_finish(
        &self,
        ceremony: &str,
        credential: &PublicKeyCredential,
        client: &Client,
        previous_session: Option<&str>,
    ) -> Result<SignedIn, AppError> {
        let found =
            passkeys::sign_in_finish(&self.db, &self.webauthn, ceremony, credential, client)
                .await?;
        // As the second step of a password sign-in, the passkey must be the
        // same person's.
        let waiting = match previous_session {
            Some(token) => session::resolve(&self.db, &self.config, token)
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
        self.open_session(found, client, previous_session, method)
            .await
    }

    async fn department_companies(
        &self,
        who: &RequestIdentity,
    ) -> Result<Vec<CompanyDepartments>, AppError> {
        Ok(departments::where_may_create(&self.db, who).await?)
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn create_department(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        name: &str,
    ) -> Result<(), AppError> {
        departments::create(&self.db, who, client, company_id, name).await
    }

    async fn place_names(
        &self,
        companies: &[i64],
        departments: &[i64],
    ) -> Result<PlaceNames, AppError> {
        use crate::db::entities::{company, department};
        let companies = company::Entity::find()
            .filter(company::Column::Id.is_in(companies.to_vec()))
            .all(&self.db.read)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let departments = department::Entity::find()
            .filter(department::Column::Id.is_in(departments.to_vec()))
            .all(&self.db.read)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect();
        Ok(PlaceNames {
            companies,
            departments,
        })
    }

    async fn member_roles(&self, user_id: i64) -> Result<Vec<AssignmentRow>, AppError> {
        Ok(roles::list(&self.db, user_id).await?)
    }

    async fn assign_places(&self, who: &RequestIdentity) -> Result<Vec<InvitePlace>, AppError> {
        Ok(
            places::invite_places(&self.db.read, &who.user.principal, places::Giving::Assign)
                .await?,
        )
    }

    async fn assignment(&self, id: i64) -> Result<Option<(i64, GivenRole, Scope)>, AppError> {
        Ok(roles::find(&self.db, id).await?)
    }

    async fn custom_role(&self, company_id: i64, id: i64) -> Result<GivenRole, AppError> {
        custom_roles::given(&self.db, company_id, id).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn assign_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        role: &GivenRole,
        scope: Scope,
    ) -> Result<(), AppError> {
        roles::assign(&self.db, who, client, user_id, role, scope).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn remove_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError> {
        roles::remove(&self.db, who, client, id).await
    }

    async fn user_principal(&self, user_id: i64) -> Result<Option<UserPrincipal>, AppError> {
        let Some(u) = user::Entity::find_by_id(user_id)
            .one(&self.db.read)
            .await
            .map_err(internal)?
        else {
            return Ok(None);
        };
        Ok(Some(identity::load(&self.db, &u).await?.principal))
    }

    #[tracing::instrument(skip(self, who, client, reason))]
    async fn start_impersonation(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        reason: &str,
    ) -> Result<SignedIn, AppError> {
        impersonation::start(&self.db, &self.config, who, client, user_id, reason).await
    }

    #[tracing::instrument(skip_all)]
    async fn stop_impersonation(
        &self,
        who: &RequestIdentity,
        client: &Client,
    ) -> Result<SignedIn, AppError> {
        impersonation::stop(&self.db, &self.config, who, client).await
    }

    async fn impersonations_of(
        &self,
        who: &RequestIdentity,
    ) -> Result<Vec<ImpersonationRow>, AppError> {
        impersonation::of_user(&self.db, who.user.id).await
    }

    async fn list_mail(&self, recipient: Option<&str>) -> Result<Vec<MailRow>, AppError> {
        Ok(crate::mail::for_mailbox(&self.db, &self.config, recipient, 100).await?)
    }

    async fn member_departments(
        &self,
        user_id: i64,
        filter: &Filter,
    ) -> Result<Vec<MemberDepartment>, AppError> {
        Ok(departments::of_member(&self.db, user_id, filter).await?)
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn place_in_department(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        department_id: i64,
        member: bool,
    ) -> Result<(), AppError> {
        departments::place(&self.db, who, client, user_id, department_id, member).await
    }

    async fn list_companies(&self, filters: &[Filter]) -> Result<Vec<CompanyRow>, AppError> {
        Ok(companies::list(&self.db, filters).await?)
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn create_company(
        &self,
        who: &RequestIdentity,
        client: &Client,
        new: &NewCompany,
    ) -> Result<(), AppError> {
        companies::create(&self.db, &self.config, who, client, new).await
    }

    async fn company_settings(&self, id: i64) -> Result<Option<CompanySettings>, AppError> {
        companies::settings(&self.db, id).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn save_company_settings(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
        change: &SettingsChange,
    ) -> Result<(), AppError> {
        companies::save(&self.db, who, client, id, change).await
    }

    async fn groups(
        &self,
        who: &RequestIdentity,
        company_id: i64,
    ) -> Result<Option<Groups>, AppError> {
        let places = places::invite_places(
            &self.db.read,
            &who.user.principal,
            places::Giving::Group(company_id),
        )
        .await?;
        groups::page(&self.db, company_id, places).await
    }

    async fn member_group_roles(&self, user_id: i64) -> Result<Vec<RoleThroughGroup>, AppError> {
        groups::roles_of_member(&self.db, user_id).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn create_group(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        name: &str,
    ) -> Result<(), AppError> {
        groups::create(&self.db, who, client, company_id, name).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn delete_group(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        group_id: i64,
    ) -> Result<(), AppError> {
        groups::delete(&self.db, who, client, company_id, group_id).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn set_group_member(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        group_id: i64,
        email: &str,
        member: bool,
    ) -> Result<(), AppError> {
        groups::set_member(&self.db, who, client, company_id, group_id, email, member).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn give_group_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        group_id: i64,
        role: &GivenRole,
        scope: Scope,
    ) -> Result<(), AppError> {
        groups::give_role(&self.db, who, client, group_id, role, scope).await
    }

    async fn group_role(
        &self,
        company_id: i64,
        id: i64,
    ) -> Result<Option<(GivenRole, Scope)>, AppError> {
        groups::role(&self.db, company_id, id).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn take_group_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        id: i64,
    ) -> Result<(), AppError> {
        groups::take_role(&self.db, who, client, company_id, id).await
    }

    async fn projects(&self, company_id: i64) -> Result<Option<Projects>, AppError> {
        projects::page(&self.db, company_id).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn create_project(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        name: &str,
    ) -> Result<(), AppError> {
        projects::create(&self.db, who, client, company_id, name).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn delete_project(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        project_id: i64,
    ) -> Result<(), AppError> {
        projects::delete(&self.db, who, client, company_id, project_id).await
    }

    async fn custom_roles(&self, company_id: i64) -> Result<Option<CustomRoles>, AppError> {
        custom_roles::page(&self.db, company_id).await
    }

    async fn custom_role_effect(&self, role: &CustomRole) -> Result<Vec<HolderChange>, AppError> {
        custom_roles::holder_changes(&self.db, role).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn save_custom_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        role: &CustomRole,
    ) -> Result<i64, AppError> {
        custom_roles::save(&self.db, who, client, role).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn delete_custom_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        id: i64,
    ) -> Result<(), AppError> {
        custom_roles::delete(&self.db, who, client, company_id, id).await
    }

    async fn second_factor_status(
        &self,
        pending: &PendingSignIn,
    ) -> Result<SecondFactorStatus, AppError> {
        let overview = second_factors::overview(&self.db, pending.user_id).await?;
        Ok(SecondFactorStatus {
            step: pending.step,
            reason: overview.required,
            authenticator_app: overview.authenticator_app,
            passkeys: overview.passkeys > 0,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn verify_second_factor(
        &self,
        pending: &PendingSignIn,
        code: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError> {
        second_factor::verify(&self.db, &self.config, pending, code, client).await
    }

    async fn totp_setup_start(&self, who: Enroller<'_>) -> Result<TotpSetup, AppError> {
        second_factor::totp_start(&self.db, &self.config, who.user_id(), who.email()).await
    }

    #[tracing::instrument(skip_all)]
    async fn totp_setup_finish(
        &self,
        who: Enroller<'_>,
        code: &str,
        client: &Client,
    ) -> Result<(TotpEnrolled, Option<SignedIn>), AppError> {
        let (actor, pending) = match who {
            Enroller::SignedIn(w) => (accounts::actor(w, client), None),
            Enroller::SigningIn(p) => {
                let mut a = anonymous(client);
                a.user = Some(p.user_id);
                (a, Some(p))
            }
        };
        second_factor::totp_finish(
            &self.db,
            &self.config,
            actor,
            who.user_id(),
            pending,
            code,
            client,
        )
        .await
    }

    async fn my_second_factor(
        &self,
        who: &RequestIdentity,
    ) -> Result<SecondFactorOverview, AppError> {
        second_factors::overview(&self.db, who.user.id).await
    }

    #[tracing::instrument(skip_all)]
    async fn confirm_password(
        &self,
        who: &RequestIdentity,
        client: &Client,
        password: &str,
    ) -> Result<(), AppError> {
        crate::auth::reauthenticate::confirm(&self.db, &self.passwords, who, client, password).await
    }

    async fn remove_totp(&self, who: &RequestIdentity, client: &Client) -> Result<(), AppError> {
        second_factors::remove_totp(&self.db, who, client).await
    }

    async fn new_recovery_codes(
        &self,
        who: &RequestIdentity,
        client: &Client,
    ) -> Result<Vec<String>, AppError> {
        second_factors::new_recovery_codes(&self.db, who, client).await
    }

    async fn member_second_factor(&self, user_id: i64) -> Result<MemberSecondFactor, AppError> {
        second_factors::member(&self.db, user_id).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn require_member_second_factor(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        required: bool,
    ) -> Result<(), AppError> {
        second_factors::require(&self.db, who, client, user_id, required).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn reset_member_second_factor(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
    ) -> Result<(), AppError> {
        second_factors::reset(&self.db, who, client, user_id).await
    }

    async fn second_factor_rules(
        &self,
        who: &RequestIdentity,
    ) -> Result<Vec<SecondFactorRule>, AppError> {
        second_factors::rules(&self.db, who).await
    }

    #[tracing::instrument(skip(self, who, client))]
    async fn set_second_factor_rule(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: Option<i64>,
        required: bool,
    ) -> Result<(), AppError> {
        second_factors::set_rule(&self.db, who, client, company_id, required).await
    }
}
