//! The approvals inbox: the print jobs waiting for the member's decision,
//! as far as their roles reach (own, department, company, or asked by name).

use leptos::prelude::*;
use leptos_meta::Title;

use super::jobs::OrderSummary;
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::{CurrentUser, MAX_COMMENT_LEN};
use crate::shop::api::{DecideOrder, approval_inbox};

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    view! {
        <Title text="Approvals" />
        <SignedInOnly view=|_: CurrentUser| view! { <Inbox /> } />
    }
}

/// The inbox itself, also the start-up screen of approving roles.
#[component]
pub fn Inbox() -> impl IntoView {
    let decide = ServerAction::<DecideOrder>::new();
    let waiting = Resource::new(move || decide.version().get(), |_| approval_inbox());
    let decided = Signal::derive(move || decide.value().get());
    view! {
        <section class="card">
            <h1>"Approvals"</h1>
            <Outcome value=decided ok=|_| "Decision recorded; the orderer was told by e-mail.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match waiting.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="inbox-empty">"Nothing waits for your approval."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="orders" data-testid="inbox">
                                {list
                                    .into_iter()
                                    .map(|o| {
                                        let id = o.id.to_string();
                                        let data_id = id.clone();
                                        view! {
                                            <li class="order" data-testid="order" data-id=data_id>
                                                <OrderSummary o />
                                                <ActionForm action=decide attr:class="stack decision-form">
                                                    <input type="hidden" name="order_id" value=id />
                                                    <DecisionFields />
                                                    <button type="submit" class="primary" disabled=move || decide.pending().get()>"Send decision"</button>
                                                </ActionForm>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Approve or reject, and a comment for the orderer.
#[component]
pub fn DecisionFields() -> impl IntoView {
    view! {
        <fieldset class="inline">
            <legend>"Decision"</legend>
            <label><input type="radio" name="approve" value="true" checked /> " Approve"</label>
            <label><input type="radio" name="approve" value="false" /> " Reject"</label>
        </fieldset>
        <label>
            "Comment (optional)"
            <textarea name="comment" rows="2" maxlength=MAX_COMMENT_LEN.to_string()></textarea>
        </label>
    }
}
