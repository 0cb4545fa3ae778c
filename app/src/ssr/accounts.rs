//! The accounts the portal manages: companies and their settings,
//! departments, members, invitations (and joining through them), roles,
//! custom roles, groups, projects, CSV import, impersonation, members'
//! second factors and the rules, the audit trail and the outbox.
//! Implemented by the server's `accounts`.

use std::sync::Arc;

use imprimatur_core::{AssignTarget, Filter, Resource, Scope, UserPrincipal, UserState};
use leptos::prelude::use_context;
use webauthn_rs_proto::{CreationChallengeResponse, RegisterPublicKeyCredential};

use super::{Client, PlaceNames, RequestIdentity, SignedIn};
use crate::error::AppError;
use crate::model::{
    AssignmentRow, AuditQuery, AuditRow, CompanyDepartments, CompanyRow, CompanySettings,
    CustomRoles, GivenRole, Groups, HolderChange, ImpersonationRow, ImportRow, InvitationPreview,
    InvitationRow, InvitePlace, MailRow, MemberDepartment, MemberRow, MemberSecondFactor,
    NewCompany, Projects, RoleThroughGroup, SecondFactorRule, SettingsChange,
};

/// The server's side of the account server functions. Each server function
/// asks `core` first; these methods only query and change the database.
#[async_trait::async_trait]
pub trait Accounts: Send + Sync + 'static {
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

/// The accounts side as server functions hold it.
pub type SharedAccounts = Arc<dyn Accounts>;

/// The accounts side from the request's context. Take it before the first
/// `.await`: a server function that runs inside a page being rendered on the
/// server does not always find its context again after one, so helpers
/// receive it instead of looking it up.
#[track_caller]
pub fn accounts() -> Result<SharedAccounts, AppError> {
    let caller = std::panic::Location::caller();
    use_context::<SharedAccounts>().ok_or_else(|| {
        tracing::error!(%caller, "no accounts in context");
        AppError::Internal
    })
}
