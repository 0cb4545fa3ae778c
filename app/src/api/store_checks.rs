//! The public shop a request names by its slug: found and open, or a 404
//! that says the same for a missing company and a closed shop.

use crate::error::AppError;
use crate::ssr::{SharedShop, ShopFacts};

fn no_shop() -> AppError {
    AppError::NotFound("There is no public shop at this address.".into())
}

pub async fn open_shop(shop: &SharedShop, slug: &str) -> Result<ShopFacts, AppError> {
    let well_formed = (1..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !well_formed {
        return Err(no_shop());
    }
    let facts = shop.shop_at(slug).await?.ok_or_else(no_shop)?;
    if imprimatur_core::public_shop::may_browse(&facts.shop).is_allowed() {
        Ok(facts)
    } else {
        Err(no_shop())
    }
}
