//! Credentials and sessions.

pub mod credential_mail;
pub mod limits;
pub mod passkeys;
pub mod password;
pub mod principal_cache;
pub mod reauthenticate;
pub mod recovery_codes;
pub mod second_factor;
pub mod session;
pub mod totp;
