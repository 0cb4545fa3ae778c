//! The public shop a request names by its slug: found and open, or a 404
//! that says the same for a missing company and a closed shop.

use crate::error::AppError;
use crate::ssr::{SharedShop, ShopFacts};

fn no_shop() -> AppError {
    AppError::NotFound("There is no public shop at this address.".into())
}

pub async fn open_shop(shop: &SharedShop, slug: &str) -> Result<ShopFacts, AppError> {
    // A malformed address names no company: the same 404, not a 422.
    crate::checks::slug(slug).map_err(|_| no_shop())?;
    let facts = shop.shop_at(slug).await?.ok_or_else(no_shop)?;
    if imprimatur_core::public_shop::may_browse(&facts.shop).is_allowed() {
        Ok(facts)
    } else {
        Err(no_shop())
    }
}
