//! Server functions: public HTTP endpoints under `/api`. Each authorizes on
//! the server before it touches data; the UI hiding a button protects nothing.

mod current_user;
mod list_members;
mod sign_in;
mod sign_out;

pub use current_user::{CurrentUserFn, current_user};
pub use list_members::{ListMembers, MAX_SEARCH_LEN, list_members};
pub use sign_in::{MAX_EMAIL_LEN, MAX_PASSWORD_LEN, SignIn, sign_in, validate_credentials};
pub use sign_out::{SignOut, sign_out};
