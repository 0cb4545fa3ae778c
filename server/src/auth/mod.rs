//! Credentials and sessions: signing in, password resets, passkeys, second
//! factors (the app's [`imprimatur_app::ssr::Auth`]). Below `accounts`:
//! nothing here imports from it.

mod backend;
pub mod credential_mail;
pub mod limits;
pub mod own_factors;
pub mod passkeys;
pub mod password;
pub mod password_reset;
pub mod principal_cache;
pub mod reauthenticate;
pub mod recovery_codes;
pub mod second_factor;
pub mod session;
mod sign_in;
pub mod totp;

pub use backend::ServerAuth;
