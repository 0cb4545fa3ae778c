//! Accepting an invitation. Opening the link only shows what it offers (a
//! mail scanner that follows it uses nothing up); the person's own POST
//! accepts it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::api::{AcceptInvitation, preview_invitation};
use crate::components::guard::Outcome;
use crate::model::MIN_PASSWORD_LEN;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let preview = Resource::new_blocking(token, preview_invitation);
    let action = crate::components::layout::use_session().accept_invitation;
    // Without JavaScript a refusal comes back in the URL; only an action
    // created inside <Routes> reads it.
    let from_url = ServerAction::<AcceptInvitation>::new();
    let value = Signal::derive(move || action.value().get().or_else(|| from_url.value().get()));
    let (name, set_name) = signal(String::new());
    // Effects run only in the browser: passkeys need JavaScript.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    view! {
        <Title text="Your invitation" />
        <section class="card narrow auth">
            <h1>"Your invitation"</h1>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(p) => {
                            let new_account = p.new_account;
                            view! {
                                <p data-testid="invitation-offer">
                                    "You are invited to " <strong>{p.company}</strong> " as "
                                    <strong>{p.role}</strong> "."
                                </p>
                                <p class="muted">{p.email}</p>
                                <ActionForm action attr:class="stack" attr:novalidate=true>
                                    <input type="hidden" name="token" value=token />
                                    {if new_account {
                                        view! {
                                            <label>
                                                "Your name"
                                                <input
                                                    type="text"
                                                    name="name"
                                                    autocomplete="name"
                                                    required
                                                    maxlength="200"
                                                    on:input=move |ev| set_name.set(event_target_value(&ev))
                                                />
                                            </label>
                                            <label>
                                                {format!("Choose a password (at least {MIN_PASSWORD_LEN} characters)")}
                                                <input type="password" name="password" autocomplete="new-password" required />
                                            </label>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <input type="hidden" name="name" value="" />
                                            <label>
                                                "Your current password"
                                                <input type="password" name="password" autocomplete="current-password" required />
                                            </label>
                                        }
                                            .into_any()
                                    }}
                                    <Outcome value />
                                    <button type="submit" class="primary" disabled=move || action.pending().get()>
                                        "Accept the invitation"
                                    </button>
                                </ActionForm>
                                <Show when=move || new_account && hydrated.get()>
                                    <JoinWithPasskey token=Signal::derive(token) name />
                                </Show>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A new account may join with a passkey instead of a password.
#[component]
fn JoinWithPasskey(token: Signal<String>, name: ReadSignal<String>) -> impl IntoView {
    let join = move || async move {
        let (token, name) = (token.get_untracked(), name.get_untracked());
        let (ceremony, challenge) = crate::accounts::api::invitation_passkey_start(token.clone())
            .await
            .map_err(|e| e.to_string())?;
        let credential = crate::webauthn::create(challenge).await?;
        crate::accounts::api::accept_invitation_with_passkey(token, name, ceremony, credential)
            .await
            .map_err(|e| e.to_string())
    };
    view! {
        <p class="muted">"Or skip the password: sign in with your fingerprint, face or device PIN."</p>
        {crate::components::passkeys::sign_in_button("Accept with a passkey instead", join)}
    }
}
