//! Signing in and keeping an account safe: sessions, passwords and their
//! reset links, passkeys, the authenticator app and recovery codes, and
//! confirming the password again. Implemented by the server's `auth`.

use std::sync::Arc;

use leptos::prelude::use_context;
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

use super::{Client, Enroller, PendingSignIn, RequestIdentity, SignedIn};
use crate::error::AppError;
use crate::model::{
    PasskeyRow, SecondFactorOverview, SecondFactorStatus, SessionRow, TotpEnrolled, TotpSetup,
};

/// Sign-in and credentials. Each server function asks `core` first where
/// there is something to decide; these methods only query and change the
/// database.
#[async_trait::async_trait]
pub trait Auth: Send + Sync + 'static {
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
}

/// The sign-in side as server functions hold it.
pub type SharedAuth = Arc<dyn Auth>;

/// The sign-in side from the request's context. Take it before the first
/// `.await`: a server function that runs inside a page being rendered on the
/// server does not always find its context again after one, so helpers
/// receive it instead of looking it up.
#[track_caller]
pub fn auth() -> Result<SharedAuth, AppError> {
    let caller = std::panic::Location::caller();
    use_context::<SharedAuth>().ok_or_else(|| {
        tracing::error!(%caller, "no auth in context");
        AppError::Internal
    })
}
