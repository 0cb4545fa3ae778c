//! Passkeys on the account page: the person's passkeys, adding one on this
//! device, removing one.

use leptos::prelude::*;

use crate::auth::api::{
    RemovePasskey, list_passkeys, passkey_register_finish, passkey_register_start,
};

#[component]
pub fn Passkeys() -> impl IntoView {
    let remove = ServerAction::<RemovePasskey>::new();
    let (added, set_added) = signal(0u32);
    let keys = Resource::new(
        move || (remove.version().get(), added.get()),
        |_| list_passkeys(),
    );
    let (name, set_name) = signal(String::new());
    let (message, set_message) = signal(None::<Result<String, String>>);
    let (busy, set_busy) = signal(false);
    let reauth = crate::components::reauth::use_reauth();
    crate::components::reauth::watch(reauth, remove);
    let add = move |_| {
        let name = name.get_untracked();
        set_busy.set(true);
        set_message.set(None);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let (ceremony, challenge) =
                    passkey_register_start().await.map_err(|e| e.to_string())?;
                let credential = crate::webauthn::create(challenge).await?;
                passkey_register_finish(ceremony, name.clone(), credential)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>(format!("Passkey \u{201c}{}\u{201d} added.", name.trim()))
            }
            .await;
            if let (Err(e), Some(r)) = (&outcome, reauth) {
                r.saw(e);
            }
            if outcome.is_ok() {
                set_added.update(|n| *n += 1);
                set_name.set(String::new());
            }
            set_message.set(Some(outcome));
            set_busy.set(false);
        });
    };
    view! {
        <section class="card">
            <h2>"Passkeys"</h2>
            <p class="muted">"Sign in with your fingerprint, face or device PIN instead of a password."</p>
            <Transition fallback=|| view! { <p class="muted">"Loading passkeys…"</p> }>
                {move || Suspend::new(async move {
                    match keys.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="muted" data-testid="passkeys">"No passkeys yet."</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="passkeys" data-testid="passkeys">
                                {rows
                                    .into_iter()
                                    .map(|k| view! {
                                        <li>
                                            <strong>{k.name}</strong>
                                            " · added " {k.created}
                                            {k.last_used.map(|t| format!(" · last used {t}"))}
                                            <ActionForm action=remove attr:class="inline">
                                                <input type="hidden" name="id" value=k.id.to_string() />
                                                <button type="submit" class="link">"Remove"</button>
                                            </ActionForm>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
            <div class="filters">
                <label>
                    "Name for a new passkey"
                    <input type="text" maxlength="100" placeholder="e.g. Work laptop" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="primary" on:click=add disabled=move || busy.get() || name.with(|n| n.trim().is_empty())>
                    "Add a passkey"
                </button>
            </div>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="notice" role="status">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error" role="alert">{text}</p> }.into_any(),
            })}
            {move || remove.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        </section>
    }
}

/// A button that runs a passkey ceremony which signs someone in (`run`),
/// then loads the start page afresh so every part of it learns who that is.
/// Errors show under the button.
pub fn sign_in_button<F, Fut>(label: &'static str, run: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + 'static,
{
    let (busy, set_busy) = signal(false);
    let (error, set_error) = signal(None::<String>);
    let go = move |_| {
        set_busy.set(true);
        set_error.set(None);
        leptos::task::spawn_local(async move {
            match run().await {
                Ok(()) => {
                    let _ = window().location().assign("/");
                }
                Err(e) => {
                    set_error.set(Some(e));
                    set_busy.set(false);
                }
            }
        });
    };
    view! {
        <div class="stack">
            <button type="button" class="secondary" on:click=go disabled=move || busy.get()>
                {label}
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}
