//! One module a page.

pub mod home;
pub mod members;
pub mod not_found;
pub mod roles;
pub mod sign_in;
