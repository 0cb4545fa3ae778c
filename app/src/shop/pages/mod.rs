//! Shop pages, one module a page.

pub mod addresses;
pub mod approvals;
pub mod approve_link;
pub mod home;
pub mod jobs;
pub mod products;
pub mod publication_types;
pub mod quote_manager;
pub mod quotes;
pub mod shop;
pub mod store;
