//! Documents (CtrlPrint): projects as their members see them, chapters,
//! chapter levels and check-out locks. Implements the app's `Documents`
//! ([`backend`]); the server functions asked `core` before calling in.

mod backend;
pub mod chapters;
pub mod comments;
pub mod levels;
pub mod locks;
pub mod log;
pub mod pdf;
pub mod projects;
pub mod versions;

pub use backend::ServerDocuments;
