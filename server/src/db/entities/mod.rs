//! sea-orm entities, one file a table.

pub mod company;
pub mod department;
pub mod department_member;
pub mod role_assignment;
pub mod session;
pub mod user;
