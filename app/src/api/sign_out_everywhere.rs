use leptos::prelude::*;

use crate::error::AppError;

/// End every session of the caller, on every device, this one included.
#[server(name = SignOutEverywhere, prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use imprimatur_core::{Permission, Principal, Resource, ResourceKind, UserId, authorize};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    super::checks::allowed(authorize(
        &me,
        Permission::SessionsManageOwn,
        &Resource::new(ResourceKind::Account).with_owner(UserId(who.user.id)),
    ))?;
    let clear = ssr::backend()?
        .sign_out_everywhere(&who, &ssr::client())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &clear)?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}
