use leptos::prelude::*;

use crate::error::AppError;

/// Finish an account asked for at a public shop's checkout, from the
/// mailed link and the password chosen then (core's
/// `public_shop::may_join`): a Public Customer of that company, signed in.
#[server(name = FinishShopSignUp, prefix = "/api", endpoint = "finish_shop_sign_up")]
pub async fn finish_shop_sign_up(
    slug: String,
    token: String,
    password: String,
) -> Result<(), AppError> {
    use crate::ssr;
    use imprimatur_core::Principal;
    use imprimatur_core::public_shop::may_join;
    let shop = ssr::shop()?;
    if ssr::identity().is_some() {
        return Err(AppError::Conflict(
            "You are signed in already: sign out to finish another account.".into(),
        ));
    }
    let facts = super::store_checks::open_shop(&shop, &slug).await?;
    crate::checks::allowed(may_join(&Principal::Anonymous, &facts.shop))?;
    crate::checks::token(&token)?;
    crate::checks::new_password(&password)?;
    let signed_in = shop
        .finish_sign_up(&facts, &token, &password, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    // A company that requires a second factor sends the new customer to
    // set one up; otherwise the checkout carries on where it is.
    if signed_in.landing != "/" {
        leptos_axum::redirect(&signed_in.landing);
    }
    Ok(())
}
