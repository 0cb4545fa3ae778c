//! Credentials and sessions.

pub mod limits;
pub mod password;
pub mod session;
