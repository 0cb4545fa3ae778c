//! The server's implementation of the app's [`Accounts`]. Each method only
//! queries and changes the database; the server functions asked `core` first.

use std::sync::Arc;

use imprimatur_app::error::AppError;
use imprimatur_app::model::{
    AssignmentRow, AuditQuery, AuditRow, CompanyDepartments, CompanyRow, CompanySettings,
    CustomRoles, GivenRole, Groups, HolderChange, ImpersonationRow, ImportRow, InvitationPreview,
    InvitationRow, InvitePlace, MailRow, MemberDepartment, MemberRow, MemberSecondFactor,
    NewCompany, Projects, RoleThroughGroup, SecondFactorRule, SettingsChange,
};
use imprimatur_app::ssr::{Accounts, Client, PlaceNames, RequestIdentity, SignedIn};
use imprimatur_core::{
    AssignTarget, CustomRole, Filter, Principal, Resource, Scope, UserPrincipal, UserState,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use webauthn_rs::prelude::{CreationChallengeResponse, RegisterPublicKeyCredential, Webauthn};

use super::{
    companies, custom_roles, departments, groups, impersonation, import, invitations, member_list,
    members, places, projects, roles, second_factors,
};
use crate::audit;
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::internal;
use crate::identity;

pub struct ServerAccounts {
    pub db: Db,
    pub config: Arc<Config>,
    pub passwords: Passwords,
    pub webauthn: Arc<Webauthn>,
}

#[async_trait::async_trait]
impl Accounts for ServerAccounts {
    #[tracing::instrument(skip(self, viewer, filter))]
    async fn list_members(
        &self,
        viewer: &Principal,
        filter: &Filter,
        search: &str,
    ) -> Result<Vec<MemberRow>, AppError> {
        Ok(member_list::list(&self.db, viewer, filter, search).await?)
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
        imprimatur_app::checks::display_name(display_name)?;
        let key =
            invitations::verified_passkey(&self.db, &self.webauthn, token, ceremony, credential)
                .await?;
        invitations::accept_with_passkey(&self.db, &self.config, token, display_name, key, client)
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
