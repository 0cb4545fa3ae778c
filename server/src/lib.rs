//! Imprimatur's server: configuration, database, sessions, HTTP and the
//! command line, around the Leptos app and the permission core.
//!
//! Modules are layered; each imports only from the layers before it:
//!
//! 1. `config`, `error`, `roles_matrix`
//! 2. `db`, `storage`
//! 3. `email_address`, `tokens`
//! 4. `audit`, `mail_links`, `mail`, `mail_delivery`
//! 5. `identity`
//! 6. `auth` (sign-in, sessions, credentials; implements the app's `Auth`)
//! 7. `accounts` (implements the app's `Accounts`)
//! 8. `shop`, `press`, `documents`
//! 9. `http`, then `demo` and `cli`
//!
//! Not yet layered: `shop` and `press` still use each other, and `shop`
//! reaches up into `http::request_memo`.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod email_address;
pub mod error;
pub mod http;
pub mod identity;
pub mod mail;
pub mod mail_delivery;
pub mod mail_links;
pub mod press;
pub mod roles_matrix;
pub mod shop;
pub mod storage;
pub mod tokens;
