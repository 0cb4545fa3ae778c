//! The second step of a password sign-in: a code from the authenticator
//! app, a recovery code or a passkey; or, when a second factor is required
//! and the account has none, setting one up.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::{VerifySecondFactor, second_factor_status};
use crate::components::layout::use_session;
use crate::components::second_factor::TotpEnrolment;
use crate::model::{SecondFactorStatus, SecondFactorStep};

/// The page the sign-in started from, if it named one on this site.
fn next_page() -> String {
    leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("next")
        .filter(|n| crate::auth::api::local_path(n).is_some())
        .unwrap_or_default()
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let status = Resource::new_blocking(|| (), |_| second_factor_status());
    view! {
        <Title text="Second step" />
        <section class="card narrow auth">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Err(e) => view! {
                            <h1>"Sign in"</h1>
                            <p class="error" role="alert">{e.to_string()}</p>
                            <p><a href="/sign-in">"Sign in again"</a></p>
                        }
                            .into_any(),
                        Ok(s) if s.step == SecondFactorStep::Enrol => view! { <Enrol status=s /> }.into_any(),
                        Ok(s) => view! { <Verify status=s /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Verify(status: SecondFactorStatus) -> impl IntoView {
    let action = use_session().verify_second_factor;
    // Without JavaScript a wrong code comes back as a redirect with the
    // error in the URL; only an action created inside <Routes> reads it.
    let from_url = ServerAction::<VerifySecondFactor>::new();
    let error = move || {
        action
            .value()
            .get()
            .or_else(|| from_url.value().get())
            .and_then(Result::err)
    };
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let passkeys = status.passkeys;
    let next = next_page();
    view! {
        <h1>"Second step"</h1>
        <p class="muted">
            {if status.authenticator_app {
                "Type the code your authenticator app shows for Imprimatur, or one of your recovery codes."
            } else {
                "Confirm with one of your passkeys, or type one of your recovery codes."
            }}
        </p>
        <ActionForm action attr:class="stack" attr:novalidate=true>
            <input type="hidden" name="next" value=next />
            <label>
                "Code"
                <input name="code" autocomplete="one-time-code" required autofocus maxlength="32" data-testid="second-factor-code" />
            </label>
            {move || error().map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
            <button type="submit" class="primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Checking…" } else { "Continue" }}
            </button>
        </ActionForm>
        <Show when=move || passkeys && hydrated.get()>
            <crate::auth::pages::sign_in::PasskeyButton label="Use a passkey instead" />
        </Show>
        <p><a href="/sign-in">"Start again"</a></p>
    }
}

#[component]
fn Enrol(status: SecondFactorStatus) -> impl IntoView {
    // A full load afterwards: every part of the page learns who signed in.
    let next = next_page();
    let done = Callback::new(move |_| {
        let to = if next.is_empty() { "/" } else { next.as_str() };
        let _ = window().location().assign(to);
    });
    view! {
        <h1>"Set up a second factor"</h1>
        <p>
            "Before you continue: "
            {status.reason.unwrap_or_else(|| "a second factor is required".into())}
            "."
        </p>
        <TotpEnrolment on_done=done />
    }
}
