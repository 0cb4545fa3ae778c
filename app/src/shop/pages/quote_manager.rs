//! The quote manager (PrintJob): the quotes the staff member may answer,
//! newest first, each waiting one with a price form.

use imprimatur_core::{Permission, Principal, authorize};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::quotes::QuoteSummary;
use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::model::{CurrentUser, MAX_QUOTE_NOTE_LEN, QuoteRow, QuoteState};
use crate::shop::api::{AnswerQuote, list_quotes};

#[component]
pub fn QuoteManagerPage() -> impl IntoView {
    view! {
        <Title text="Quote manager" />
        <SignedInOnly view=|user: CurrentUser| view! { <QuoteManager user /> } />
    }
}

#[component]
fn QuoteManager(user: CurrentUser) -> impl IntoView {
    let params = use_query_map();
    // Waiting quotes first: that is the manager's work.
    let state = move || {
        params
            .read()
            .get("state")
            .unwrap_or_else(|| QuoteState::Requested.slug().to_string())
    };
    let answer = ServerAction::<AnswerQuote>::new();
    let reload = reloads(move || answer.value().get());
    let quotes = Resource::new(
        move || (state(), reload.get()),
        |(s, _)| list_quotes(true, s),
    );
    let me = Principal::User(user.principal.clone());
    let answered = Signal::derive(move || answer.value().get());
    let current = state();
    view! {
        <section class="card">
            <h1>"Quote manager"</h1>
            <Form method="GET" action="/quote-manager" attr:class="inline search">
                <label>
                    "Status"
                    <select name="state">
                        <option value="" selected=current.is_empty()>"Any"</option>
                        {QuoteState::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.slug() selected=current == s.slug()>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="secondary">"Show"</button>
            </Form>
            <Outcome value=answered ok=|()| "The price is sent to the requester.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading quotes…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match quotes.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p class="muted">"No quotes here."</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="orders" data-testid="quotes">
                                    {list
                                        .into_iter()
                                        .map(|q| {
                                            let may = q.state == QuoteState::Requested
                                                && authorize(&me, Permission::QuotesManage, &q.resource()).is_allowed();
                                            view! { <ManagedQuote q may answer /> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ManagedQuote(q: QuoteRow, may: bool, answer: ServerAction<AnswerQuote>) -> impl IntoView {
    let id = q.id.to_string();
    let state = q.state.slug();
    let form = may.then(|| {
        let id = id.clone();
        view! {
            <ActionForm action=answer attr:class="stack">
                <input type="hidden" name="quote_id" value=id />
                <label>"Price for all copies (€)" <input name="price" required inputmode="decimal" placeholder="149.50" /></label>
                <label>
                    "Note to the requester (optional)"
                    <textarea name="note" maxlength=MAX_QUOTE_NOTE_LEN.to_string()></textarea>
                </label>
                <button type="submit" class="primary" disabled=move || answer.pending().get()>"Send the price"</button>
            </ActionForm>
        }
    });
    view! {
        <li class="order" data-testid="quote" data-id=id data-state=state>
            <QuoteSummary q />
            {form}
        </li>
    }
}
