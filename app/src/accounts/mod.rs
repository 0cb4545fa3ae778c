//! Accounts: companies, departments, members and their invitations, roles,
//! groups, projects, the access checker, audit, the mailbox, second-factor
//! rules and impersonation. The server side is `server/src/accounts/`.

pub mod api;
pub mod pages;
