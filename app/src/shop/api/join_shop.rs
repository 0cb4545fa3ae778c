use leptos::prelude::*;

use crate::error::AppError;

/// A signed-in person with no role in a public shop's company becomes its
/// Public Customer, to check out there (core's `public_shop::may_join`).
#[server(name = JoinShop, prefix = "/api", endpoint = "join_shop")]
pub async fn join_shop(slug: String) -> Result<(), AppError> {
    use crate::ssr;
    use imprimatur_core::Principal;
    use imprimatur_core::public_shop::may_join;
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    let facts = super::store_checks::open_shop(&shop, &slug).await?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(may_join(&me, &facts.shop))?;
    shop.join(&who, &facts, &ssr::client()).await
}
