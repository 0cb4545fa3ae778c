//! The shop: storefront, sign-up, catalog, checkout, orders and jobs,
//! approvals, quotes, addresses, products, publication types and stock. The
//! server side is `server/src/shop/`.

pub mod api;
pub mod pages;
