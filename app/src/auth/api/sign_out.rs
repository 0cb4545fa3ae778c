use leptos::prelude::*;

use crate::error::AppError;

/// End the caller's session. Only ever the caller's own session.
#[server(name = SignOut, prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr;
    let auth = ssr::auth()?;
    // A stale cookie still gets cleared, so the browser ends up signed out.
    let token = ssr::session_cookie(&ssr::session_cookie_name()).unwrap_or_default();
    let who = ssr::identity();
    let clear = auth.sign_out(who.as_ref(), &token, &ssr::client()).await?;
    ssr::set_header(http::header::SET_COOKIE, &clear)?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}
