//! Credentials and sessions.

pub mod limits;
pub mod passkeys;
pub mod password;
pub mod recovery_codes;
pub mod second_factor;
pub mod session;
pub mod totp;
