//! Auth pages, one module a page.

pub mod account;
pub mod forgot_password;
pub mod reset_password;
pub mod second_factor;
pub mod sign_in;
