use leptos::prelude::*;

use crate::error::AppError;

/// End every session of the caller, on every device, this one included.
#[server(name = SignOutEverywhere, prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_own_account(&who, imprimatur_core::Permission::SessionsManageOwn)?;
    let clear = ssr::auth()?
        .sign_out_everywhere(&who, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &clear)?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}
