//! Pieces shared by the pages.

pub mod cart;
pub mod guard;
pub mod job_fields;
pub mod layout;
pub mod not_found;
pub mod order_key;
pub mod passkeys;
pub mod reauth;
pub mod refresh;
pub mod second_factor;
