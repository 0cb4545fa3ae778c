//! Shop server functions: public HTTP endpoints under `/api`. Each
//! authorizes on the server before it touches data; the UI hiding a button
//! protects nothing.

mod accept_quote;
#[cfg(feature = "ssr")]
mod address_checks;
mod answer_quote;
mod approval_inbox;
mod approval_link;
mod assign_publication_types;
mod catalog;
mod change_job_status;
mod checkout;
mod decide_by_link;
mod decide_order;
mod decline_quote;
mod delete_address;
#[cfg(feature = "ssr")]
mod duty_checks;
mod edit_order;
mod finish_shop_sign_up;
mod join_shop;
mod list_addresses;
mod list_managed_products;
mod list_orders;
mod list_publication_types;
mod list_quotes;
pub mod order_checks;
mod place_order;
#[cfg(feature = "ssr")]
mod product_checks;
#[cfg(feature = "ssr")]
mod quote_checks;
mod reorder;
mod replenish_stock;
mod request_quote;
mod save_address;
mod save_product;
mod shop_sign_up;
#[cfg(feature = "ssr")]
mod store_checks;
mod storefront;

pub use accept_quote::{AcceptQuote, accept_quote};
pub use answer_quote::{AnswerQuote, answer_quote};
pub use approval_inbox::{ApprovalInbox, approval_inbox};
pub use approval_link::{ApprovalLink, approval_link};
pub use assign_publication_types::{AssignPublicationTypes, assign_publication_types};
pub use catalog::{Catalog, catalog};
pub use change_job_status::{ChangeJobStatus, change_job_status};
pub use checkout::{Checkout, checkout};
pub use decide_by_link::{DecideByLink, decide_by_link};
pub use decide_order::{DecideOrder, decide_order};
pub use decline_quote::{DeclineQuote, decline_quote};
pub use delete_address::{DeleteAddress, delete_address};
pub use edit_order::{EditOrder, edit_order};
pub use finish_shop_sign_up::{FinishShopSignUp, finish_shop_sign_up};
pub use join_shop::{JoinShop, join_shop};
pub use list_addresses::{ListAddresses, list_addresses};
pub use list_managed_products::{ListManagedProducts, list_managed_products};
pub use list_orders::{ListOrders, list_orders};
pub use list_publication_types::{ListPublicationTypes, list_publication_types};
pub use list_quotes::{ListQuotes, list_quotes};
pub use place_order::{PlaceOrder, place_order};
pub use reorder::{Reorder, reorder};
pub use replenish_stock::{ReplenishStock, replenish_stock};
pub use request_quote::{RequestQuote, request_quote};
pub use save_address::{SaveAddress, save_address};
pub use save_product::{SaveProduct, save_product};
pub use shop_sign_up::{CHECK_YOUR_MAIL, ShopSignUp, shop_sign_up};
pub use storefront::{StorefrontFn, storefront};
