//! On a customer company's settings page: print partners asking to print
//! for it. A partnership starts only when the company's administrator
//! accepts here.

use leptos::prelude::*;

use crate::components::guard::Outcome;
use crate::model::PartnershipRequestRow;
use crate::press::api::{AnswerPartnership, partnership_requests};

#[component]
pub fn PartnerRequests(company_id: i64) -> impl IntoView {
    let answer = ServerAction::<AnswerPartnership>::new();
    let requests = Resource::new(
        move || answer.version().get(),
        move |_| partnership_requests(company_id),
    );
    let outcome = Signal::derive(move || answer.value().get());
    view! {
        <section class="card" data-testid="partner-requests" aria-labelledby="partner-requests-title">
            <h2 id="partner-requests-title">"Print partners asking to print for you"</h2>
            <Outcome value=outcome ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading requests…"</p> }>
                {move || Suspend::new(async move {
                    match requests.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No print partner is asking."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="orders">
                                {list.into_iter().map(|r| view! { <Request r company_id answer /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Request(
    r: PartnershipRequestRow,
    company_id: i64,
    answer: ServerAction<AnswerPartnership>,
) -> impl IntoView {
    let form = move |accept: bool, label: &'static str, class: &'static str| {
        view! {
            <ActionForm action=answer attr:class="inline">
                <input type="hidden" name="company_id" value=company_id.to_string() />
                <input type="hidden" name="request_id" value=r.id.to_string() />
                <input type="hidden" name="accept" value=accept.to_string() />
                <button type="submit" class=class disabled=move || answer.pending().get()>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <li class="order" data-testid="partner-request" data-partner=r.partner.clone()>
            <strong>{r.partner.clone()}</strong>
            <span class="muted">{format!(" asked on {}", r.asked_at)}</span>
            {r.has_partner.then(|| view! {
                <p class="muted">"You print with a partner already; that partnership has to end before you accept another."</p>
            })}
            {form(true, "Accept", "primary")}
            {form(false, "Decline", "secondary")}
        </li>
    }
}
