//! The press: work orders, equipment, the printer's floor, partnerships and
//! quality checks. The server side is `server/src/press/`.

pub mod api;
pub mod pages;
