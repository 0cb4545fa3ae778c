use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ProductRow;

/// The products built for the caller: core's visibility for "See products"
/// (by company and department), applied in SQL.
#[server(name = Catalog, prefix = "/api", endpoint = "catalog")]
pub async fn catalog() -> Result<Vec<ProductRow>, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::ProductsView, ResourceKind::Product)?;
    let me = Principal::User(who.user.principal);
    let filter = visibility(&me, Permission::ProductsView, ResourceKind::Product);
    shop.catalog(&filter).await
}
