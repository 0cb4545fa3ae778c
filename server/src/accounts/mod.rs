//! The account lifecycle behind the server functions: invitations,
//! password resets, member states, sessions. Callers have asked `core`
//! already; each change here runs in one write transaction with its audit
//! record and its mail.

pub mod companies;
pub mod custom_roles;
pub mod departments;
pub mod groups;
pub mod impersonation;
pub mod import;
pub mod invitations;
pub mod members;
pub mod passwords;
pub mod places;
pub mod projects;
pub mod roles;
pub mod second_factors;

use imprimatur_app::ssr::{Client, RequestIdentity};

use crate::audit::Actor;
use crate::config::Config;

/// The audit actor for a signed-in request.
pub fn actor(who: &RequestIdentity, client: &Client) -> Actor {
    Actor {
        user: Some(who.user.id),
        real_user: who.impersonator,
        client: client.addr,
    }
}

/// The last step of a change to a company's setup: its audit record, in the
/// same transaction, then the commit.
pub(crate) async fn record_and_commit(
    txn: sea_orm::DatabaseTransaction,
    who: &RequestIdentity,
    client: &Client,
    action: &'static str,
    company_id: i64,
    detail: String,
) -> Result<(), imprimatur_app::error::AppError> {
    crate::audit::record(
        &txn,
        crate::audit::Event::new(action, actor(who, client))
            .company(Some(company_id))
            .detail(detail),
    )
    .await?;
    txn.commit().await.map_err(crate::error::internal)
}

/// The audit actor for a request nobody is signed in to.
pub fn anonymous(client: &Client) -> Actor {
    Actor {
        user: None,
        real_user: None,
        client: client.addr,
    }
}

/// An absolute link into the portal for an e-mail.
pub fn link(config: &Config, path: &str, token: &str) -> String {
    let base = config.server.public_url.as_str().trim_end_matches('/');
    format!("{base}{path}?token={token}")
}
