use leptos::prelude::*;

use crate::error::AppError;

/// Ask for an account at a public shop's checkout (core's
/// `public_shop::may_join`). The answer is the same whether or not the
/// address has an account, so nobody learns which addresses do: a new
/// address is mailed a link to finish (`finish_shop_sign_up`), a known one
/// a notice to its holder.
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
    crate::checks::allowed(may_join(&Principal::Anonymous, &facts.shop))?;
    crate::checks::display_name(&name)?;
    crate::checks::email(&email)?;
    crate::checks::new_password(&password)?;
    let new = NewCustomer {
        name: &name,
        email: email.trim(),
        password: &password,
    };
    shop.sign_up(&facts, new, &ssr::client()).await
}

/// The one answer to every sign-up that passed its checks.
pub const CHECK_YOUR_MAIL: &str =
    "Check your e-mail to finish: we sent a message to the address you gave.";
