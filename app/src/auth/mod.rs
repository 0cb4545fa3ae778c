//! Signing in and the own account: passwords, the second-factor step,
//! passkeys, TOTP, recovery codes, sessions and signing out. The server side
//! is `server/src/auth/`.

pub mod api;
pub mod pages;
