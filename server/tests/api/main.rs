//! The server's integration tests, through the real HTTP stack on SQLite and
//! PostgreSQL. One test binary for them all: each binary links the whole
//! server, and two dozen of them made a clean test run slow to link and
//! larger than its disk.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod abuse_limits;
mod access;
mod account_reach;
mod accounts;
mod addresses;
mod assets;
mod auth;
mod authorization;
mod chapter_comments;
mod chapter_locks;
mod chapter_log;
mod chapter_steps;
mod chapter_versions;
mod chapters;
mod combined_pdf;
mod companies;
mod crash;
mod csrf;
mod custom_roles;
mod departments;
mod fuzz;
mod groups;
mod headers;
mod held_edits;
mod http;
mod impersonation;
mod import;
mod invitation_roles;
mod job_fields;
mod mail_delivery;
mod mail_links;
mod matrix;
mod members;
mod nul_characters;
mod one_time_links;
mod order_lists;
mod orders;
mod partnership_consent;
mod passkeys;
mod products;
mod projects;
mod public_shop;
mod publication_types;
mod quotes;
mod reauthentication;
mod request_path;
mod roles;
mod scale_out;
mod second_factor;
mod separation_of_duties;
mod session_attacks;
mod snapshot;
mod soft_authenticator;
mod stock;
mod work_orders;
