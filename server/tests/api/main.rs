//! The server's integration tests, through the real HTTP stack on SQLite and
//! PostgreSQL. One test binary for them all: each binary links the whole
//! server, and two dozen of them made a clean test run slow to link and
//! larger than its disk.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod access;
mod accounts;
mod addresses;
mod auth;
mod authorization;
mod companies;
mod custom_roles;
mod departments;
mod groups;
mod http;
mod impersonation;
mod import;
mod invitation_roles;
mod job_fields;
mod mail_delivery;
mod matrix;
mod members;
mod order_lists;
mod orders;
mod passkeys;
mod products;
mod projects;
mod public_shop;
mod publication_types;
mod quotes;
mod roles;
mod second_factor;
mod stock;
mod work_orders;
