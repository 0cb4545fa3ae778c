//! Server-only glue between the server functions and the server crate: the
//! identity the session middleware attached to the request, and the backend
//! that does the work. The server crate implements [`Backend`].

mod policy;
mod press;
mod shop;

pub use policy::page_security_policy;
pub use press::{Press, QualityCheck, SharedPress, press};
pub use shop::{
    Decider, EditedOrder, NewCustomer, PlannedOrder, PlannedQuote, ProductForOrder, QuoteAnswer,
    SavedAddress, SavedProduct, SharedShop, Shop, ShopFacts, StockCount, shop,
};

use std::net::IpAddr;
use std::sync::Arc;

use http::request::Parts;
use leptos::prelude::use_context;

use imprimatur_core::{AssignTarget, Filter, Resource, Scope, UserPrincipal, UserState};

use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

use crate::error::AppError;
use crate::model::{
    AssignmentRow, AuditQuery, AuditRow, CompanyDepartments, CompanyRow, CompanySettings,
    CurrentUser, CustomRoles, GivenRole, Groups, HolderChange, ImpersonationRow, ImportRow,
    InvitationPreview, InvitationRow, InvitePlace, MailRow, MemberDepartment, MemberRow,
    MemberSecondFactor, NewCompany, PasskeyRow, Projects, RoleThroughGroup, SecondFactorOverview,
    SecondFactorRule, SecondFactorStatus, SecondFactorStep, SessionRow, SettingsChange,
    TotpEnrolled, TotpSetup,
};

/// Who sent this request, as the session middleware found it.
#[derive(Clone, Debug)]
pub struct RequestIdentity {
    /// The session token from the cookie (never logged).
    pub session_token: String,
    pub user: CurrentUser,
    /// The platform admin acting as `user` ("login as"), if any.
    pub impersonator: Option<i64>,
    /// The holder signed in or confirmed their password in the last few
    /// minutes (never while impersonated): credential changes need it.
    pub recently_authenticated: bool,
}

/// A sign-in that passed the password and waits for its second factor.
/// It opens no page and no server function but the second step's.
#[derive(Clone, Debug)]
pub struct PendingSignIn {
    /// The session token from the cookie (never logged).
    pub session_token: String,
    pub user_id: i64,
    pub email: String,
    pub step: SecondFactorStep,
}

/// Who may set up an authenticator app: a signed-in person, or one whose
/// sign-in waits for them to enrol a second factor.
#[derive(Clone, Copy, Debug)]
pub enum Enroller<'a> {
    SignedIn(&'a RequestIdentity),
    SigningIn(&'a PendingSignIn),
}

impl Enroller<'_> {
    pub fn user_id(&self) -> i64 {
        match self {
            Enroller::SignedIn(who) => who.user.id,
            Enroller::SigningIn(p) => p.user_id,
        }
    }
    pub fn email(&self) -> &str {
        match self {
            Enroller::SignedIn(who) => &who.user.email,
            Enroller::SigningIn(p) => &p.email,
        }
    }
}

/// The client address as the server trusts it (see the server's proxy setting).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub IpAddr);

/// What a successful sign-in hands back.
pub struct SignedIn {
    /// The `Set-Cookie` value for the new session.
    pub set_cookie: String,
    /// Where the person starts (their role's start-up screen).
    pub landing: String,
}

/// Companies and departments by id, to word `core`'s decisions.
#[derive(Clone, Debug, Default)]
pub struct PlaceNames {
    pub companies: std::collections::HashMap<i64, String>,
    pub departments: std::collections::HashMap<i64, String>,
}

impl imprimatur_core::Names for PlaceNames {
    fn scope(&self, scope: Scope) -> String {
        let company = |c: imprimatur_core::CompanyId| {
            self.companies
                .get(&c.0)
                .cloned()
                .unwrap_or_else(|| format!("company {}", c.0))
        };
        match scope {
            Scope::Platform => "the platform".to_string(),
            Scope::Company(c) => company(c),
            Scope::Department(c, d) => format!(
                "{} / {}",
                company(c),
                self.departments
                    .get(&d.0)
                    .cloned()
                    .unwrap_or_else(|| format!("department {}", d.0))
            ),
            Scope::Project(c, p) => format!("{} / project {}", company(c), p.0),
        }
    }
    fn custom_role(&self, id: imprimatur_core::CustomRoleId) -> String {
        format!("custom role {}", id.0)
    }
    fn group(&self, id: imprimatur_core::GroupId) -> String {
        format!("group {}", id.0)
    }
}

/// Where a request came from, for sessions and the audit trail.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub addr: Option<IpAddr>,
    pub user_agent: Option<String>,
}

/// The server's side of the server functions. Each server function asks
/// `core` first; these methods only query and change the database.
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Check the credentials and open a new session (the old one, if any, ends).
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: &Client,
        previous_session: Option<&str>,
    ) -> Result<SignedIn, AppError>;

    /// End the session; returns the `Set-Cookie` value that clears the cookie.
    async fn sign_out(
        &self,
        who: Option<&RequestIdentity>,
        session_token: &str,
        client: &Client,
    ) -> Result<String, AppError>;

    /// End every session of the signed-in person; returns the clearing cookie.
    async fn sign_out_everywhere(
        &self,
        who: &RequestIdentity,
        client: &Client,
    ) -> Result<String, AppError>;

    /// The signed-in person's live sessions, newest first.
    async fn my_sessions(&self, who: &RequestIdentity) -> Result<Vec<SessionRow>, AppError>;

    /// Members matching `search` among the rows `filter` lets through, in
    /// SQL, each as far as `viewer` may know them.
    async fn list_members(
        &self,
        viewer: &imprimatur_core::Principal,
        filter: &Filter,
        search: &str,
    ) -> Result<Vec<MemberRow>, AppError>;

    /// A member as `core` sees them: one resource per company and department
    /// they belong to. Empty when there is no such member.
    async fn member_resources(&self, user_id: i64) -> Result<Vec<Resource>, AppError>;
    /// The member's resources and roles, for actions on their whole account.
    async fn member_view(&self, user_id: i64) -> Result<imprimatur_core::MemberView, AppError>;

    /// Suspend or reactivate a member (the caller has asked `core`).
    async fn set_member_state(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        state: UserState,
    ) -> Result<(), AppError>;

    /// Send a member a link to set a new password (or their invitation again).
    async fn resend_credentials(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
    ) -> Result<(), AppError>;

    /// What `core` needs to know about a company to judge an assignment there;
    /// 404 when the company, or the department in it, does not exist. A
    /// pending tenant admin invitation counts as a tenant admin, except
    /// `except_invitation`.
    async fn assign_target(
        &self,
        company_id: i64,
        department_id: Option<i64>,
        except_invitation: Option<i64>,
    ) -> Result<AssignTarget, AppError>;

    /// The places the person may invite to, with the roles they may give.
    async fn invite_places(&self, who: &RequestIdentity) -> Result<Vec<InvitePlace>, AppError>;

    /// Invite `email` with `role` at `scope` (the caller has asked `core`).
    async fn invite(
        &self,
        who: &RequestIdentity,
        client: &Client,
        email: &str,
        name: &str,
        role: imprimatur_core::RoleRef,
        scope: Scope,
    ) -> Result<(), AppError>;

    /// Pending invitations among those `filter` lets through.
    async fn list_invitations(&self, filter: &Filter) -> Result<Vec<InvitationRow>, AppError>;

    /// The role and scope of a pending invitation.
    async fn pending_invitation(
        &self,
        id: i64,
    ) -> Result<Option<(imprimatur_core::RoleRef, Scope)>, AppError>;

    async fn resend_invitation(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError>;

    async fn cancel_invitation(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError>;

    /// What an invitation link offers; reading it changes nothing.
    async fn preview_invitation(&self, token: &str) -> Result<InvitationPreview, AppError>;

    /// Accept: the token is used up, the account activated, the role given.
    async fn accept_invitation(
        &self,
        token: &str,
        display_name: &str,
        password: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError>;

    /// Begin registering the passkey a new account joins with.
    async fn invitation_passkey_start(
        &self,
        token: &str,
    ) -> Result<(String, CreationChallengeResponse), AppError>;

    /// Accept an invitation with a passkey instead of a password.
    async fn accept_invitation_with_passkey(
        &self,
        token: &str,
        display_name: &str,
        ceremony: &str,
        credential: &RegisterPublicKeyCredential,
        client: &Client,
    ) -> Result<SignedIn, AppError>;

    /// Mail a reset link if the address has an active account; the answer
    /// and its timing are the same either way.
    async fn request_password_reset(&self, email: &str, client: &Client) -> Result<(), AppError>;

    /// Set a new password with a reset link; every other session ends.
    async fn reset_password(
        &self,
        token: &str,
        password: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError>;

    /// Audit events among those `filter` lets through.
    async fn list_audit(
        &self,
        filter: &Filter,
        query: &AuditQuery,
    ) -> Result<Vec<AuditRow>, AppError>;

    /// The companies where `core` lets the person create users.
    async fn import_companies(&self, who: &RequestIdentity)
    -> Result<Vec<(i64, String)>, AppError>;

    /// Read a CSV of members for `company_id`: every line resolved against
    /// the database (departments, existing accounts, duplicates), with its
    /// problems. Nothing is written.
    async fn read_import(&self, company_id: i64, csv: &str) -> Result<Vec<ImportRow>, AppError>;

    /// Create the accounts of `rows` (all checked) in one transaction:
    /// inactive with their roles, or invited with the role waiting.
    async fn import_members(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        rows: &[ImportRow],
        invite: bool,
    ) -> Result<usize, AppError>;

    /// Begin registering a passkey for the signed-in person.
    async fn passkey_register_start(
        &self,
        who: &RequestIdentity,
    ) -> Result<(String, CreationChallengeResponse), AppError>;

    /// Finish registering a passkey (refused if it belongs to any account).
    async fn passkey_register_finish(
        &self,
        who: &RequestIdentity,
        client: &Client,
        ceremony: &str,
        name: &str,
        credential: &RegisterPublicKeyCredential,
    ) -> Result<(), AppError>;

    async fn list_passkeys(&self, who: &RequestIdentity) -> Result<Vec<PasskeyRow>, AppError>;

    async fn remove_passkey(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError>;

    /// Begin a passwordless sign-in; bounded per client address, since
    /// each one stores a ceremony for anyone who asks.
    async fn passkey_sign_in_start(
        &self,
        client: &Client,
    ) -> Result<(String, RequestChallengeResponse), AppError>;

    /// Verify the passkey, check the account, open a session.
    async fn passkey_sign_in_finish(
        &self,
        ceremony: &str,
        credential: &PublicKeyCredential,
        client: &Client,
        previous_session: Option<&str>,
    ) -> Result<SignedIn, AppError>;

    /// Companies where the person may add departments, with theirs.
    async fn department_companies(
        &self,
        who: &RequestIdentity,
    ) -> Result<Vec<CompanyDepartments>, AppError>;

    /// Add a department (the caller asked `core`); 409 for a name in use.
    async fn create_department(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        name: &str,
    ) -> Result<(), AppError>;

    /// Names of companies and departments, for `core`'s explanations.
    async fn place_names(
        &self,
        companies: &[i64],
        departments: &[i64],
    ) -> Result<PlaceNames, AppError>;

    /// The roles a member holds, where.
    async fn member_roles(&self, user_id: i64) -> Result<Vec<AssignmentRow>, AppError>;

    /// The places the person may give roles at, with the roles.
    async fn assign_places(&self, who: &RequestIdentity) -> Result<Vec<InvitePlace>, AppError>;

    /// The member, role and scope of a role assignment.
    async fn assignment(&self, id: i64) -> Result<Option<(i64, GivenRole, Scope)>, AppError>;

    /// A company's custom role, ready to give (404 when it is not theirs).
    async fn custom_role(&self, company_id: i64, id: i64) -> Result<GivenRole, AppError>;

    /// Give a member of the scope's company a role (the caller asked `core`).
    async fn assign_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        role: &GivenRole,
        scope: Scope,
    ) -> Result<(), AppError>;

    /// Take a role away, refused when the company's invariants would break.
    async fn remove_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError>;

    /// The person behind `user_id` as `core` sees them.
    async fn user_principal(&self, user_id: i64) -> Result<Option<UserPrincipal>, AppError>;

    /// Act as `user_id` (the caller has asked `core`); a new session.
    async fn start_impersonation(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        reason: &str,
    ) -> Result<SignedIn, AppError>;

    /// Back to the administrator's own account; a new session.
    async fn stop_impersonation(
        &self,
        who: &RequestIdentity,
        client: &Client,
    ) -> Result<SignedIn, AppError>;

    /// The times an administrator acted as the signed-in person.
    async fn impersonations_of(
        &self,
        who: &RequestIdentity,
    ) -> Result<Vec<ImpersonationRow>, AppError>;

    /// The newest messages of the outbox.
    async fn list_mail(&self, recipient: Option<&str>) -> Result<Vec<MailRow>, AppError>;

    /// The departments of the companies a member belongs to where `filter`
    /// (the viewer's visibility of members) lets them be seen, and theirs.
    async fn member_departments(
        &self,
        user_id: i64,
        filter: &Filter,
    ) -> Result<Vec<MemberDepartment>, AppError>;

    /// Put a member in a department of one of their companies, or take them
    /// out (the caller asked `core`).
    async fn place_in_department(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        department_id: i64,
        member: bool,
    ) -> Result<(), AppError>;

    /// The companies any of `filters` lets through (filtered in SQL).
    async fn list_companies(&self, filters: &[Filter]) -> Result<Vec<CompanyRow>, AppError>;

    /// Create a company and invite its first administrator (the caller
    /// asked `core`); both or neither.
    async fn create_company(
        &self,
        who: &RequestIdentity,
        client: &Client,
        new: &NewCompany,
    ) -> Result<(), AppError>;

    /// A company's tenant settings; `None` when there is no such company.
    async fn company_settings(&self, id: i64) -> Result<Option<CompanySettings>, AppError>;

    async fn save_company_settings(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
        change: &SettingsChange,
    ) -> Result<(), AppError>;

    /// A company's custom roles (`None`: no such company).
    async fn custom_roles(&self, company_id: i64) -> Result<Option<CustomRoles>, AppError>;

    /// What saving `role` would change for the members holding it.
    async fn custom_role_effect(
        &self,
        role: &imprimatur_core::CustomRole,
    ) -> Result<Vec<HolderChange>, AppError>;

    /// Create (`role.id` 0) or change a custom role checked by `core`; its id.
    async fn save_custom_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        role: &imprimatur_core::CustomRole,
    ) -> Result<i64, AppError>;

    /// Delete a custom role nobody holds.
    async fn delete_custom_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        id: i64,
    ) -> Result<(), AppError>;

    /// A company's member groups (`None`: no such company), with where
    /// the person may give groups roles.
    async fn groups(
        &self,
        who: &RequestIdentity,
        company_id: i64,
    ) -> Result<Option<Groups>, AppError>;

    /// The roles a member holds through groups.
    async fn member_group_roles(&self, user_id: i64) -> Result<Vec<RoleThroughGroup>, AppError>;

    async fn create_group(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        name: &str,
    ) -> Result<(), AppError>;

    async fn delete_group(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        group_id: i64,
    ) -> Result<(), AppError>;

    /// Put a member of the company into a group (`member`) or take them out.
    async fn set_group_member(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        group_id: i64,
        email: &str,
        member: bool,
    ) -> Result<(), AppError>;

    /// Give a group a role at `scope` (the caller asked `core`).
    async fn give_group_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        group_id: i64,
        role: &GivenRole,
        scope: Scope,
    ) -> Result<(), AppError>;

    /// The role and scope of a group's role in `company_id`.
    async fn group_role(
        &self,
        company_id: i64,
        id: i64,
    ) -> Result<Option<(GivenRole, Scope)>, AppError>;

    async fn take_group_role(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        id: i64,
    ) -> Result<(), AppError>;

    /// A company's projects (`None`: no such company).
    async fn projects(&self, company_id: i64) -> Result<Option<Projects>, AppError>;

    async fn create_project(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        name: &str,
    ) -> Result<(), AppError>;

    /// Delete a project nobody holds a role at.
    async fn delete_project(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: i64,
        project_id: i64,
    ) -> Result<(), AppError>;

    /// What the second step of a sign-in asks for.
    async fn second_factor_status(
        &self,
        pending: &PendingSignIn,
    ) -> Result<SecondFactorStatus, AppError>;

    /// Check an authenticator code or a recovery code; a full session.
    async fn verify_second_factor(
        &self,
        pending: &PendingSignIn,
        code: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError>;

    /// A new authenticator app secret, unconfirmed until its first code.
    async fn totp_setup_start(&self, who: Enroller<'_>) -> Result<TotpSetup, AppError>;

    /// Confirm the app with its first code: new recovery codes, and for a
    /// sign-in waiting on enrolment, a full session.
    async fn totp_setup_finish(
        &self,
        who: Enroller<'_>,
        code: &str,
        client: &Client,
    ) -> Result<(TotpEnrolled, Option<SignedIn>), AppError>;

    async fn my_second_factor(
        &self,
        who: &RequestIdentity,
    ) -> Result<SecondFactorOverview, AppError>;

    /// Check the signed-in person's password (a wrong one counts against
    /// the account's sign-in limit) and mark the session re-authenticated.
    async fn confirm_password(
        &self,
        who: &RequestIdentity,
        client: &Client,
        password: &str,
    ) -> Result<(), AppError>;

    /// Remove the authenticator app (refused if it is the last required factor).
    async fn remove_totp(&self, who: &RequestIdentity, client: &Client) -> Result<(), AppError>;

    /// Replace the recovery codes; the new ones are shown once.
    async fn new_recovery_codes(
        &self,
        who: &RequestIdentity,
        client: &Client,
    ) -> Result<Vec<String>, AppError>;

    async fn member_second_factor(&self, user_id: i64) -> Result<MemberSecondFactor, AppError>;

    /// Require a second factor of one member, or stop requiring it.
    async fn require_member_second_factor(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
        required: bool,
    ) -> Result<(), AppError>;

    /// Remove a member's second factors; they enrol again at next sign-in.
    async fn reset_member_second_factor(
        &self,
        who: &RequestIdentity,
        client: &Client,
        user_id: i64,
    ) -> Result<(), AppError>;

    /// The companies (and the platform) whose rule the person may set.
    async fn second_factor_rules(
        &self,
        who: &RequestIdentity,
    ) -> Result<Vec<SecondFactorRule>, AppError>;

    /// Set a company's rule for its members (`None`: the platform's for staff).
    async fn set_second_factor_rule(
        &self,
        who: &RequestIdentity,
        client: &Client,
        company_id: Option<i64>,
        required: bool,
    ) -> Result<(), AppError>;
}

/// The backend, provided as context by the server.
/// The backend as server functions hold it.
pub type SharedBackend = Arc<dyn Backend>;

/// The backend from the request's context. Take it before the first
/// `.await`: a server function that runs inside a page being rendered on the
/// server does not always find its context again after one, so helpers
/// receive it instead of looking it up.
#[track_caller]
pub fn backend() -> Result<Arc<dyn Backend>, AppError> {
    let caller = std::panic::Location::caller();
    use_context::<Arc<dyn Backend>>().ok_or_else(|| {
        tracing::error!(%caller, "no backend in context");
        AppError::Internal
    })
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The signed-in person, if any.
pub fn identity() -> Option<RequestIdentity> {
    parts().and_then(|p| p.extensions.get::<RequestIdentity>().cloned())
}

/// A sign-in waiting for its second factor, or 401.
pub fn require_pending() -> Result<PendingSignIn, AppError> {
    parts()
        .and_then(|p| p.extensions.get::<PendingSignIn>().cloned())
        .ok_or_else(|| {
            AppError::Unauthorized("This sign-in has expired. Please sign in again.".into())
        })
}

/// The signed-in person, or 401.
pub fn require_identity() -> Result<RequestIdentity, AppError> {
    identity().ok_or_else(AppError::not_signed_in)
}

/// The client's address, if the server knows it.
pub fn client_addr() -> Option<IpAddr> {
    parts().and_then(|p| p.extensions.get::<ClientAddr>().map(|c| c.0))
}

/// Where this request came from.
pub fn client() -> Client {
    Client {
        addr: client_addr(),
        user_agent: parts().and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.chars().take(200).collect())
        }),
    }
}

/// The session token from the request's cookie, even if the session is gone.
pub fn session_cookie(name: &str) -> Option<String> {
    cookie_value(&parts()?.headers, name)
}

/// The value of cookie `name` in a request's headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The name of the session cookie, provided as context by the server.
#[derive(Clone, Debug)]
pub struct SessionCookieName(pub String);

pub fn session_cookie_name() -> String {
    use_context::<SessionCookieName>()
        .map(|c| c.0)
        .unwrap_or_else(|| "imprimatur_session".to_string())
}

/// The address people reach the portal at (`server.public_url`), provided
/// as context by the server: a `next` page must resolve to its origin.
#[derive(Clone, Debug)]
pub struct PublicUrl(pub url::Url);

pub fn public_url() -> Option<url::Url> {
    use_context::<PublicUrl>().map(|u| u.0)
}

/// Redirect at the end of a server function. `leptos_axum::redirect`
/// panics on a path that cannot be a header, after the work is done (a
/// session made, its cookie never sent), so such a path goes to `/`.
pub fn redirect(path: &str) {
    if http::HeaderValue::from_str(path).is_ok() {
        leptos_axum::redirect(path);
    } else {
        tracing::error!("a redirect that cannot be a header; sent to the start instead");
        leptos_axum::redirect("/");
    }
}

/// Add a response header from inside a server function.
pub fn set_header(name: http::HeaderName, value: &str) -> Result<(), AppError> {
    let options = use_context::<leptos_axum::ResponseOptions>().ok_or(AppError::Internal)?;
    let value = http::HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    options.append_header(name, value);
    Ok(())
}

/// Axum handlers and middleware answer with the same error type as the
/// server functions: the status from [`AppError::status`], the JSON body.
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}
