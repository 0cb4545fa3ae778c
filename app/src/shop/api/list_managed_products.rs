use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ProductAdmin;

/// The products the caller keeps (core's visibility for "Manage products",
/// in SQL; switched off ones too), and where they may add one.
#[server(name = ListManagedProducts, prefix = "/api", endpoint = "list_managed_products")]
pub async fn list_managed_products() -> Result<ProductAdmin, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::ProductsManage, ResourceKind::Product)?;
    let me = Principal::User(who.user.principal.clone());
    let filter = visibility(&me, Permission::ProductsManage, ResourceKind::Product);
    Ok(ProductAdmin {
        products: shop.managed_products(&filter).await?,
        places: super::product_checks::places(&who, &shop, None).await?,
    })
}
