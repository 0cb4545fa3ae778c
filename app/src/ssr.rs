//! Server-only glue between the server functions and the server crate: the
//! identity the session middleware attached to the request, and the module
//! traits that do the work ([`Auth`], [`Accounts`], [`Shop`], [`Press`]),
//! each implemented in the server crate's folder of the same name.

mod accounts;
mod auth;
mod documents;
mod policy;
mod press;
mod shop;

pub use accounts::{Accounts, SharedAccounts, accounts};
pub use auth::{Auth, SharedAuth, auth};
pub use documents::{Documents, SharedDocuments, documents};
pub use policy::page_security_policy;
pub use press::{Press, QualityCheck, SharedPress, press};
pub use shop::{
    Decider, EditedOrder, NewCustomer, PlannedOrder, PlannedQuote, ProductForOrder, QuoteAnswer,
    SavedAddress, SavedProduct, SharedShop, Shop, ShopFacts, StockCount, shop,
};

use std::net::IpAddr;

use http::request::Parts;
use leptos::prelude::use_context;

use imprimatur_core::Scope;

use crate::error::AppError;
use crate::model::{CurrentUser, SecondFactorStep};

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
