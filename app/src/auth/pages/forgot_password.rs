//! "Retrieve a new password" (PrintShop Mail Web). The answer is the same
//! for every address; works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::api::RequestPasswordReset;
use crate::components::guard::Outcome;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let value = Signal::derive(move || action.value().get());
    // Both with and without JavaScript the server sends the browser to
    // `?sent=1`; the message is the same for every address.
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some() && action.value().get().is_none();
    view! {
        <Title text="Forgot your password?" />
        <section class="card narrow auth">
            <h1>"Forgot your password?"</h1>
            <p class="muted">"We e-mail you a link to choose a new one. It works once, for one hour."</p>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <label>
                    "E-mail address"
                    <input type="email" name="email" autocomplete="username" required inputmode="email" />
                </label>
                <Outcome value ok=|m: String| m />
                <Show when=sent>
                    <p class="notice" role="status">
                        "If an account uses that address, a link to choose a new password is on its way. It works for one hour."
                    </p>
                </Show>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Sending…" } else { "Send me a link" }}
                </button>
            </ActionForm>
            <p><a href="/sign-in">"Back to sign in"</a></p>
        </section>
    }
}
