use leptos::prelude::*;

use crate::error::AppError;

/// Open an account at a public shop's checkout: the visitor becomes a
/// Public Customer of that company and is signed in (core's
/// `public_shop::may_join`). An address already in use gets 409.
#[server(name = ShopSignUp, prefix = "/api", endpoint = "shop_sign_up")]
pub async fn shop_sign_up(
    slug: String,
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use crate::ssr::{self, NewCustomer};
    use imprimatur_core::Principal;
    use imprimatur_core::public_shop::may_join;
    let shop = ssr::shop()?;
    if ssr::identity().is_some() {
        return Err(AppError::Conflict(
            "You are signed in already: shop with this account, or sign out to open another."
                .into(),
        ));
    }
    let facts = super::store_checks::open_shop(&shop, &slug).await?;
    super::checks::allowed(may_join(&Principal::Anonymous, &facts.shop))?;
    super::checks::display_name(&name)?;
    super::checks::email(&email)?;
    super::checks::new_password(&password)?;
    let new = NewCustomer {
        name: &name,
        email: email.trim(),
        password: &password,
    };
    let signed_in = shop.sign_up(&facts, new, &ssr::client()).await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    // A company that requires a second factor sends the new customer to
    // set one up; otherwise the checkout carries on where it is.
    if signed_in.landing != "/" {
        leptos_axum::redirect(&signed_in.landing);
    }
    Ok(())
}
