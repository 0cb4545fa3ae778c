//! The server's implementation of the app's [`Backend`]: sign-in and sign-out.

use std::net::IpAddr;
use std::sync::Arc;

use imprimatur_app::error::AppError;
use imprimatur_app::model::MemberRow;
use imprimatur_app::ssr::{Backend, SignedIn};
use imprimatur_core::{
    Filter, Permission, Principal, Resource, ResourceKind, UserState, authorize,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::auth::{password::Passwords, session};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::user;
use crate::error::internal;
use crate::identity;

pub struct ServerBackend {
    pub db: Db,
    pub config: Arc<Config>,
    pub passwords: Passwords,
}

/// The same words whether the address is unknown or the password wrong.
fn bad_credentials() -> AppError {
    AppError::Unauthorized("The e-mail address or the password is not right.".to_string())
}

#[async_trait::async_trait]
impl Backend for ServerBackend {
    #[tracing::instrument(skip(self, password, previous_session), fields(email = %email))]
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
        previous_session: Option<&str>,
    ) -> Result<SignedIn, AppError> {
        let email = identity::normalize_email(email);
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
            tracing::info!(?client, "sign-in failed");
            return Err(bad_credentials());
        };
        // Past this point the caller proved the password, so saying why the
        // account cannot sign in reveals nothing to a stranger.
        let current = identity::load(&self.db, &found).await.map_err(internal)?;
        match current.principal.state {
            UserState::Active => {}
            UserState::Suspended => {
                return Err(AppError::Forbidden(
                    "This account is suspended. Ask your administrator to reactivate it.".into(),
                ));
            }
            UserState::Inactive => {
                return Err(AppError::Forbidden(
                    "This account is not set up for signing in.".into(),
                ));
            }
            UserState::Invited => {
                return Err(AppError::Forbidden(
                    "Please accept your invitation first: follow the link in the e-mail.".into(),
                ));
            }
        }
        let principal = Principal::User(current.principal.clone());
        let portal = authorize(
            &principal,
            Permission::PortalAccess,
            &Resource::new(ResourceKind::Portal),
        );
        if !portal.is_allowed() {
            return Err(AppError::Forbidden(
                "Your role does not include the web portal; use the printer app.".into(),
            ));
        }
        // A new id at every sign-in: a session fixed before sign-in is worthless.
        if let Some(old) = previous_session {
            session::delete(&self.db, old).await.map_err(internal)?;
        }
        let token = session::create(&self.db, &self.config, found.id)
            .await
            .map_err(internal)?;
        tracing::info!(user = found.id, ?client, "signed in");
        Ok(SignedIn {
            set_cookie: session::cookie(&self.config, &token),
            landing: "/".to_string(),
        })
    }

    #[tracing::instrument(skip(self, filter))]
    async fn list_members(
        &self,
        filter: &Filter,
        search: &str,
    ) -> Result<Vec<MemberRow>, AppError> {
        crate::members::list(&self.db, filter, search)
            .await
            .map_err(internal)
    }

    #[tracing::instrument(skip_all)]
    async fn sign_out(&self, session_token: &str) -> Result<String, AppError> {
        if !session_token.is_empty() {
            session::delete(&self.db, session_token)
                .await
                .map_err(internal)?;
        }
        Ok(session::clear_cookie(&self.config))
    }
}
