//! The shop's back office: jobs, quotes, addresses, approvals (also through an
//! outside approver's link), products, publication types and the quote manager.

use crate::shop::pages::{
    addresses::AddressesPage, approvals::ApprovalsPage, approve_link::ApproveLinkPage,
    jobs::JobsPage, products::ProductsPage, publication_types::PublicationTypesPage,
    quote_manager::QuoteManagerPage, quotes::QuotesPage,
};

super::module_chunk!(shop_chunk, __preload_shop_chunk, ShopPages {
    AddressesRoute => AddressesPage,
    ApprovalsRoute => ApprovalsPage,
    ApproveLinkRoute => ApproveLinkPage,
    JobsRoute => JobsPage,
    ProductsRoute => ProductsPage,
    PublicationTypesRoute => PublicationTypesPage,
    QuoteManagerRoute => QuoteManagerPage,
    QuotesRoute => QuotesPage,
});
