//! Press pages, one module a page.

pub mod equipment;
pub mod partner_requests;
pub mod printer;
pub mod work_orders;
