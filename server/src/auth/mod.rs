//! Credentials and sessions.

pub mod limits;
pub mod passkeys;
pub mod password;
pub mod session;
