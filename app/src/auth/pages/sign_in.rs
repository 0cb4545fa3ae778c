use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::SignIn;
use crate::components::layout::use_session;

/// Works without JavaScript (the form posts to the server function and the
/// server redirects); with it, errors show without a reload and the password
/// can be revealed.
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = use_session().sign_in;
    let (reveal, set_reveal) = signal(false);
    // Effects run only in the browser, after hydration.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    // Without JavaScript a failed sign-in comes back as a redirect with the
    // error in the URL; only an action created inside <Routes> reads it.
    let from_url = ServerAction::<SignIn>::new();
    let next = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("next")
        .filter(|n| crate::auth::api::local_path(n).is_some())
        .unwrap_or_default();
    let error = move || {
        action
            .value()
            .get()
            .or_else(|| from_url.value().get())
            .and_then(Result::err)
    };
    view! {
        <Title text="Sign in" />
        <section class="card narrow auth">
            <h1>"Sign in"</h1>
            <p class="muted">"Order print, approve jobs and run your company's portal."</p>
            <ActionForm action attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="next" value=next />
                <label>
                    "E-mail address"
                    <input type="email" name="email" autocomplete="username" required inputmode="email" />
                </label>
                <label>
                    "Password"
                    <input
                        type=move || if reveal.get() { "text" } else { "password" }
                        name="password"
                        autocomplete="current-password"
                        required
                    />
                </label>
                <Show when=move || hydrated.get()>
                    <button
                        type="button"
                        class="link"
                        data-testid="reveal-password"
                        aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| set_reveal.update(|r| *r = !*r)
                    >
                        {move || if reveal.get() { "Hide password" } else { "Show password" }}
                    </button>
                </Show>
                {move || {
                    error()
                        .map(|e| {
                            view! {
                                <p class="error" role="alert">
                                    {e.to_string()}
                                </p>
                            }
                        })
                }}
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <Show when=move || hydrated.get()>
                <PasskeyButton label="Sign in with a passkey" />
            </Show>
            <p><a href="/forgot-password">"Forgot your password?"</a></p>
        </section>
    }
}

/// Passwordless: any passkey registered here answers the challenge. At the
/// second step of a password sign-in the server accepts only the same
/// account's passkeys.
#[component]
pub fn PasskeyButton(label: &'static str) -> impl IntoView {
    crate::components::passkeys::sign_in_button(label, || async {
        let (ceremony, challenge) = crate::auth::api::passkey_sign_in_start()
            .await
            .map_err(|e| e.to_string())?;
        let credential = crate::webauthn::get(challenge).await?;
        crate::auth::api::passkey_sign_in_finish(ceremony, credential)
            .await
            .map_err(|e| e.to_string())
    })
}
