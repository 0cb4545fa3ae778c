//! Imprimatur's server: configuration, database, sessions, HTTP and the
//! command line, around the Leptos app and the permission core.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod backend;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod identity;
pub mod mail;
pub mod mail_delivery;
pub mod mail_links;
pub mod members;
pub mod press;
pub mod roles_matrix;
pub mod shop;
pub mod tokens;
