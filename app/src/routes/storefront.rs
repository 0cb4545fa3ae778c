//! The storefront: the signed-in start page (a customer's shop, inbox and
//! jobs), the shop and the public shops. Its own chunk, so that a print
//! operator's phone never downloads it.

use crate::shop::pages::{home::Home, shop::ShopPage, store::StorePage};

super::module_chunk!(storefront_chunk, __preload_storefront_chunk, StorefrontPages {
    HomeRoute => Home,
    ShopRoute => ShopPage,
    StoreRoute => StorePage,
});
