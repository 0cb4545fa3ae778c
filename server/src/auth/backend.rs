//! The server's implementation of the app's [`Auth`]: sign-in, sessions,
//! credentials. Each method only queries and changes the database.

use std::sync::Arc;

use imprimatur_app::error::AppError;
use imprimatur_app::model::{
    PasskeyRow, SecondFactorOverview, SecondFactorStatus, SessionRow, TotpEnrolled, TotpSetup,
};
use imprimatur_app::ssr::{Auth, Client, Enroller, PendingSignIn, RequestIdentity, SignedIn};
use webauthn_rs::prelude::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse, Webauthn,
};

use super::{
    limits, own_factors, passkeys, password::Passwords, password_reset, reauthenticate,
    second_factor, session, sign_in,
};
use crate::audit::{self, Event, actor, anonymous};
use crate::config::Config;
use crate::db::Db;
use crate::error::internal;
use crate::identity;

pub struct ServerAuth {
    pub db: Db,
    pub config: Arc<Config>,
    pub passwords: Passwords,
    pub webauthn: Arc<Webauthn>,
}

fn fmt_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[async_trait::async_trait]
impl Auth for ServerAuth {
    #[tracing::instrument(skip(self, password, previous_session, client), fields(email = %email))]
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: &Client,
        previous_session: Option<&str>,
    ) -> Result<SignedIn, AppError> {
        sign_in::with_password(
            &self.db,
            &self.config,
            &self.passwords,
            email,
            password,
            client,
            previous_session,
        )
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
                Event::new("sign_out", actor(who, client)).subject(who.user.id),
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
            Event::new("sign_out_everywhere", actor(who, client)).subject(who.user.id),
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
            if let Err(e) = password_reset::request(&db, &config, &email, &client).await {
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
        password_reset::reset(
            &self.db,
            &self.config,
            &self.passwords,
            token,
            password,
            client,
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
        let actor = actor(who, client);
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
        passkeys::remove(&self.db, actor(who, client), id).await
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
        sign_in::with_passkey(
            &self.db,
            &self.config,
            &self.webauthn,
            ceremony,
            credential,
            client,
            previous_session,
        )
        .await
    }

    async fn second_factor_status(
        &self,
        pending: &PendingSignIn,
    ) -> Result<SecondFactorStatus, AppError> {
        let overview = own_factors::overview(&self.db, pending.user_id).await?;
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
            Enroller::SignedIn(w) => (actor(w, client), None),
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
        own_factors::overview(&self.db, who.user.id).await
    }

    #[tracing::instrument(skip_all)]
    async fn confirm_password(
        &self,
        who: &RequestIdentity,
        client: &Client,
        password: &str,
    ) -> Result<(), AppError> {
        reauthenticate::confirm(&self.db, &self.passwords, who, client, password).await
    }

    async fn remove_totp(&self, who: &RequestIdentity, client: &Client) -> Result<(), AppError> {
        own_factors::remove_totp(&self.db, who, client).await
    }

    async fn new_recovery_codes(
        &self,
        who: &RequestIdentity,
        client: &Client,
    ) -> Result<Vec<String>, AppError> {
        own_factors::new_recovery_codes(&self.db, who, client).await
    }
}
