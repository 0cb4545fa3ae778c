//! One module a page.

pub mod access;
pub mod account;
pub mod approvals;
pub mod approve_link;
pub mod audit;
pub mod companies;
pub mod company;
pub mod custom_roles;
pub mod forgot_password;
pub mod groups;
pub mod home;
pub mod import;
pub mod invitation;
pub mod jobs;
pub mod mailbox;
pub mod member;
pub mod members;
pub mod not_found;
pub mod projects;
pub mod reset_password;
pub mod roles;
pub mod second_factor;
pub mod security;
pub mod shop;
pub mod sign_in;
pub mod store;
