//! Documents (CtrlPrint): a company's projects, their ordered chapters and
//! who holds which level on each. The server side is `server/src/documents/`.

pub mod api;
pub mod comment_model;
pub mod model;
pub mod pages;
pub mod version_model;
