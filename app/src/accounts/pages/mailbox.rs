//! The mail outbox, for platform admins: every message the portal sent
//! while no SMTP relay is configured.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::accounts::api::list_mail;
use crate::components::guard::SignedInOnly;
use crate::model::CurrentUser;

#[component]
pub fn MailboxPage() -> impl IntoView {
    view! {
        <Title text="Mailbox" />
        <SignedInOnly view=|_: CurrentUser| view! { <Mailbox /> } />
    }
}

/// A message body with its links clickable.
fn body(text: String) -> impl IntoView {
    text.lines()
        .map(|line| {
            let line = line.to_string();
            if line.starts_with("http://") || line.starts_with("https://") {
                let href = line.clone();
                view! { <a href=href>{line}</a> <br /> }.into_any()
            } else {
                view! { {line} <br /> }.into_any()
            }
        })
        .collect_view()
}

#[component]
fn Mailbox() -> impl IntoView {
    let query = use_query_map();
    let to = move || query.read().get("to").unwrap_or_default();
    let mail = Resource::new(to, list_mail);
    view! {
        <section class="card">
            <h1>"Mailbox"</h1>
            <p class="muted">"The newest 100 messages the portal sent."</p>
            <Form method="GET" action="/mailbox" attr:class="filters">
                <label>
                    "To"
                    <input type="search" name="to" prop:value=to placeholder="e.g. new@acme.test" />
                </label>
                <button type="submit" class="primary">"Filter"</button>
            </Form>
        </section>
        <Transition fallback=|| view! { <p class="muted">"Loading mail…"</p> }>
            {move || Suspend::new(async move {
                match mail.await {
                    Err(e) => view! { <section class="card"><p class="error" role="alert">{e.to_string()}</p></section> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <section class="card"><p class="muted">"No messages."</p></section> }.into_any(),
                    Ok(rows) => rows
                        .into_iter()
                        .map(|m| view! {
                            <article class="card mail" data-testid="mail">
                                <h2>{m.subject}</h2>
                                <p class="muted">"To " <span data-testid="mail-to">{m.to}</span> " · " {m.at} " · " {m.delivery}</p>
                                <p class="mail-body">{body(m.body)}</p>
                            </article>
                        })
                        .collect_view()
                        .into_any(),
                }
            })}
        </Transition>
    }
}
