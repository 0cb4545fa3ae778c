use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Storefront;

/// A public company's shop: open to everyone, signed in or not (core's
/// `public_shop::may_browse`); only what the company built for everyone.
#[server(name = StorefrontFn, prefix = "/api", endpoint = "storefront")]
pub async fn storefront(slug: String) -> Result<Storefront, AppError> {
    let shop = crate::ssr::shop()?;
    let facts = super::store_checks::open_shop(&shop, &slug).await?;
    let products = shop.company_wide_products(facts.shop.company.0).await?;
    Ok(Storefront {
        company_id: facts.shop.company.0,
        company_name: facts.name,
        slug: facts.slug,
        products,
    })
}
