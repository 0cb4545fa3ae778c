//! The documents pages: the projects a person may open, and one project's
//! chapters with their levels.

pub mod access;
pub mod chapter;
pub mod chapters;
pub mod files;
pub mod projects;
