//! Second factors in the browser: setting up an authenticator app (at the
//! second step of a sign-in, or on the account page), the recovery codes
//! shown once, and the account page's overview.

use leptos::prelude::*;

use crate::auth::api::{
    NewRecoveryCodes, RemoveTotp, my_second_factor, totp_setup_finish, totp_setup_start,
};
use crate::model::TotpSetup;

/// Recovery codes, shown the one time the server sends them.
#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <div class="notice" role="status">
            <p>
                <strong>"Save these recovery codes now."</strong>
                " Each one signs you in once if you lose your phone. They are not shown again."
            </p>
            <ul class="codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}

/// Set up an authenticator app: the QR code (and the secret as text for
/// typing in), then the app's first code confirms it. `on_done` runs after
/// the person has seen their recovery codes.
#[component]
pub fn TotpEnrolment(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let (setup, set_setup) = signal(None::<TotpSetup>);
    let (codes, set_codes) = signal(None::<Vec<String>>);
    let (code, set_code) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let reauth = crate::components::reauth::use_reauth();
    let refused = move |e: crate::error::AppError| {
        let text = e.to_string();
        if let Some(r) = reauth {
            r.saw(&text);
        }
        set_error.set(Some(text));
    };
    let start = move |_| {
        set_busy.set(true);
        set_error.set(None);
        leptos::task::spawn_local(async move {
            match totp_setup_start().await {
                Ok(s) => set_setup.set(Some(s)),
                Err(e) => refused(e),
            }
            set_busy.set(false);
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_busy.set(true);
        set_error.set(None);
        leptos::task::spawn_local(async move {
            match totp_setup_finish(code.get_untracked()).await {
                Ok(done) => set_codes.set(Some(done.recovery_codes)),
                Err(e) => refused(e),
            }
            set_busy.set(false);
        });
    };
    view! {
        <div class="stack" data-testid="totp-enrolment">
            {move || match (setup.get(), codes.get()) {
                (_, Some(codes)) => view! {
                    <RecoveryCodes codes />
                    <button type="button" class="primary" on:click=move |_| on_done.run(())>
                        "I have saved them — continue"
                    </button>
                }
                    .into_any(),
                (None, None) => view! {
                    <button type="button" class="primary" on:click=start disabled=move || busy.get()>
                        "Set up an authenticator app"
                    </button>
                }
                    .into_any(),
                (Some(s), None) => view! {
                    <ol class="steps">
                        <li>
                            "Scan this code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password)."
                            <div class="qr" inner_html=s.qr_svg.clone()></div>
                            <p class="muted">
                                "Or type this key into the app: "
                                <code data-testid="totp-secret">{s.secret.clone()}</code>
                                " · "
                                <a href=s.uri.clone()>"open in an app on this device"</a>
                            </p>
                        </li>
                        <li>
                            <form class="stack" on:submit=confirm>
                                <label>
                                    "The six digits the app shows for Imprimatur"
                                    <input
                                        name="code"
                                        inputmode="numeric"
                                        autocomplete="one-time-code"
                                        maxlength="8"
                                        required
                                        prop:value=move || code.get()
                                        on:input=move |ev| set_code.set(event_target_value(&ev))
                                    />
                                </label>
                                <button type="submit" class="primary" disabled=move || busy.get()>
                                    {move || if busy.get() { "Checking…" } else { "Confirm" }}
                                </button>
                            </form>
                        </li>
                    </ol>
                }
                    .into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

/// The account page's "Two-step sign-in" card.
#[component]
pub fn AccountSecondFactor() -> impl IntoView {
    let remove = ServerAction::<RemoveTotp>::new();
    let regenerate = ServerAction::<NewRecoveryCodes>::new();
    let (enrolled, set_enrolled) = signal(0u32);
    let overview = Resource::new(
        move || {
            (
                remove.version().get(),
                regenerate.version().get(),
                enrolled.get(),
            )
        },
        |_| my_second_factor(),
    );
    let on_done = Callback::new(move |_| set_enrolled.update(|n| *n += 1));
    let reauth = crate::components::reauth::use_reauth();
    crate::components::reauth::watch(reauth, remove);
    crate::components::reauth::watch(reauth, regenerate);
    view! {
        <section class="card" data-testid="second-factor">
            <h2>"Two-step sign-in"</h2>
            <p class="muted">
                "After your password, a code from an app on your phone or one of your passkeys."
            </p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(o) => view! {
                            {o.required.clone().map(|why| view! { <p class="notice">"Required: " {why} "."</p> })}
                            <dl class="facts">
                                <dt>"Authenticator app"</dt>
                                <dd data-testid="totp-state">{if o.authenticator_app { "set up" } else { "not set up" }}</dd>
                                <dt>"Passkeys"</dt>
                                <dd>{o.passkeys}</dd>
                                <dt>"Recovery codes left"</dt>
                                <dd data-testid="recovery-left">{o.recovery_codes_left}</dd>
                            </dl>
                            {if o.authenticator_app {
                                view! {
                                    <ActionForm action=remove attr:class="inline">
                                        <button type="submit" class="secondary">"Remove the authenticator app"</button>
                                    </ActionForm>
                                }
                                    .into_any()
                            } else {
                                view! { <TotpEnrolment on_done /> }.into_any()
                            }}
                            {(o.authenticator_app || o.passkeys > 0).then(|| view! {
                                <ActionForm action=regenerate attr:class="inline">
                                    <button type="submit" class="secondary">"New recovery codes"</button>
                                </ActionForm>
                            })}
                        }
                            .into_any(),
                    }
                })}
            </Transition>
            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
            {move || match regenerate.value().get() {
                Some(Ok(codes)) => Some(view! { <RecoveryCodes codes /> }.into_any()),
                Some(Err(e)) => Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any()),
                None => None,
            }}
        </section>
    }
}
