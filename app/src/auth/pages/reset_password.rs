//! Choose a new password with the link from the e-mail. Opening the page
//! changes nothing; only submitting the form uses the link up.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::ResetPassword;
use crate::components::guard::Outcome;
use crate::model::MIN_PASSWORD_LEN;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = crate::components::layout::use_session().reset_password;
    // Without JavaScript a refusal comes back in the URL; only an action
    // created inside <Routes> reads it.
    let from_url = ServerAction::<ResetPassword>::new();
    let value = Signal::derive(move || action.value().get().or_else(|| from_url.value().get()));
    view! {
        <Title text="Choose a new password" />
        <section class="card narrow auth">
            <h1>"Choose a new password"</h1>
            <p class="muted">{format!("At least {MIN_PASSWORD_LEN} characters. You will be signed out everywhere else.")}</p>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="token" value=token />
                <label>
                    "New password"
                    <input type="password" name="password" autocomplete="new-password" required minlength=MIN_PASSWORD_LEN />
                </label>
                <Outcome value />
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    "Save the new password"
                </button>
            </ActionForm>
        </section>
    }
}
