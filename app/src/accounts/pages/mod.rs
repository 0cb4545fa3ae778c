//! Accounts pages, one module a page.

pub mod access;
pub mod audit;
pub mod companies;
pub mod company;
pub mod custom_roles;
pub mod groups;
pub mod import;
pub mod invitation;
pub mod mailbox;
pub mod member;
pub mod members;
pub mod projects;
pub mod roles;
pub mod security;
