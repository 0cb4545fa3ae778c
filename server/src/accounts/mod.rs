//! The account lifecycle behind the server functions: companies and their
//! setup, invitations, members, their states and roles (the app's
//! [`imprimatur_app::ssr::Accounts`]). Callers have asked `core` already;
//! each change here runs in one write transaction with its audit record and
//! its mail. Sits above `auth`, which never imports from here.

mod backend;
pub mod companies;
pub mod custom_roles;
pub mod departments;
pub mod groups;
pub mod impersonation;
pub mod import;
pub mod invitations;
pub mod member_list;
pub mod members;
pub mod places;
pub mod projects;
pub mod roles;
pub mod second_factors;

use imprimatur_app::ssr::{Client, RequestIdentity};

pub use backend::ServerAccounts;

// Shop, press and the accounts' own files take these from here.
pub use crate::audit::{actor, anonymous};
pub use crate::mail_links::link;

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
