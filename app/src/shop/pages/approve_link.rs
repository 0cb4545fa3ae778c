//! An outside approver's one-time link (PrintJob). Opening it shows the
//! order read-only and uses nothing up, so a mail scanner that follows it
//! changes nothing; the approver's own POST decides and kills the link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::approvals::DecisionFields;
use super::jobs::OrderSummary;
use crate::components::guard::Outcome;
use crate::shop::api::{DecideByLink, approval_link};

#[component]
pub fn ApproveLinkPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let view_order = Resource::new_blocking(token, approval_link);
    let decide = ServerAction::<DecideByLink>::new();
    let decided = Signal::derive(move || decide.value().get());
    view! {
        <Title text="Approve a print job" />
        <section class="card narrow">
            <h1>"Approve a print job"</h1>
            <Show
                when=move || !matches!(decide.value().get(), Some(Ok(_)))
                fallback=|| view! {
                    <p class="notice" role="status" data-testid="link-done">
                        "Thank you: your decision is recorded, and the requester was told. This link no longer works."
                    </p>
                }
            >
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match view_order.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(v) => view! {
                                <p>"You were asked, as " <strong>{v.email.clone()}</strong> ", to approve this print job:"</p>
                                <div class="order" data-testid="linked-order"><OrderSummary o=v.order /></div>
                                <ActionForm action=decide attr:class="stack">
                                    <input type="hidden" name="token" value=token />
                                    <DecisionFields />
                                    <button type="submit" class="primary" disabled=move || decide.pending().get()>"Send decision"</button>
                                </ActionForm>
                            }
                                .into_any(),
                        }
                    })}
                </Suspense>
            </Show>
            <Outcome value=decided />
        </section>
    }
}
