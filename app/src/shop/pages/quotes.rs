//! Quotes: the member asks for a price before ordering, sees the answers,
//! and orders a priced quote in one click or declines it. The quote
//! manager's page is [`super::quote_manager`].

use imprimatur_core::{Permission, Principal, ResourceKind, authorize};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::order_key::OrderKey;
use crate::components::refresh::reloads;
use crate::model::{CurrentUser, MAX_QUANTITY, MAX_QUOTE_NOTE_LEN, QuoteRow, QuoteState, money};
use crate::shop::api::{AcceptQuote, DeclineQuote, RequestQuote, catalog, list_quotes};

#[component]
pub fn QuotesPage() -> impl IntoView {
    view! {
        <Title text="Quotes" />
        <SignedInOnly view=|user: CurrentUser| view! { <Quotes user /> } />
    }
}

#[component]
fn Quotes(user: CurrentUser) -> impl IntoView {
    let may_request = user.may_see_any(Permission::QuotesRequest, ResourceKind::Quote);
    let request = ServerAction::<RequestQuote>::new();
    let accept = ServerAction::<AcceptQuote>::new();
    let decline = ServerAction::<DeclineQuote>::new();
    let key = OrderKey::new();
    Effect::new(move |_| {
        if matches!(accept.value().get(), Some(Ok(_))) {
            key.renew();
        }
    });
    let reload = (
        reloads(move || request.value().get()),
        reloads(move || accept.value().get()),
        reloads(move || decline.value().get()),
    );
    let quotes = Resource::new(
        move || (reload.0.get(), reload.1.get(), reload.2.get()),
        |_| list_quotes(false, String::new()),
    );
    let me = Principal::User(user.principal.clone());
    let requested = Signal::derive(move || request.value().get());
    let accepted = Signal::derive(move || accept.value().get());
    let declined = Signal::derive(move || decline.value().get());
    view! {
        <section class="card">
            <h1>"Quotes"</h1>
            <p class="muted">"Ask for a price before you order. When it is priced, order it at that price in one click."</p>
            {may_request.then(|| view! { <RequestForm request /> })}
            <Outcome value=requested ok=|id| format!("Quote #{id} requested. You get an e-mail when it is priced.") />
            <Outcome value=accepted ok=|id| format!("Order #{id} placed at the quoted price. Follow it under My print jobs.") />
            <Outcome value=declined ok=|()| "The quote is declined.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading quotes…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match quotes.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p class="muted">"No quotes yet."</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="orders" data-testid="quotes">
                                    {list
                                        .into_iter()
                                        .map(|q| {
                                            let mine = authorize(&me, Permission::QuotesRequest, &q.resource()).is_allowed();
                                            view! { <QuoteItem q mine accept decline key /> }
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
fn RequestForm(request: ServerAction<RequestQuote>) -> impl IntoView {
    let chosen = use_query_map()
        .read_untracked()
        .get("product")
        .unwrap_or_default();
    let products = Resource::new(|| (), |_| catalog());
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading products…"</p> }>
            {move || {
                let chosen = chosen.clone();
                Suspend::new(async move {
                    let list = products.await.unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p class="muted">"No products were built for you yet."</p> }.into_any();
                    }
                    view! {
                        <ActionForm action=request attr:class="stack" attr:data-testid="quote-form">
                            <label>
                                "Product"
                                <select name="quote[product_id]" required>
                                    {list
                                        .into_iter()
                                        .map(|p| {
                                            let id = p.id.to_string();
                                            let selected = id == chosen;
                                            view! { <option value=id selected=selected>{p.name}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                            <label>
                                "What to print"
                                <input name="quote[title]" required maxlength="200" placeholder="e.g. Annual report, 48 pages" />
                            </label>
                            <label>
                                "Copies"
                                <input name="quote[quantity]" type="number" min="1" max=MAX_QUANTITY.to_string() value="500" required />
                            </label>
                            <label>
                                "What the price depends on (optional)"
                                <textarea name="quote[note]" maxlength=MAX_QUOTE_NOTE_LEN.to_string() placeholder="Paper, finishing, deadline…"></textarea>
                            </label>
                            <button type="submit" class="primary" disabled=move || request.pending().get()>"Request a quote"</button>
                        </ActionForm>
                    }
                        .into_any()
                })
            }}
        </Transition>
    }
}

#[component]
fn QuoteItem(
    q: QuoteRow,
    mine: bool,
    accept: ServerAction<AcceptQuote>,
    decline: ServerAction<DeclineQuote>,
    key: OrderKey,
) -> impl IntoView {
    let id = q.id.to_string();
    let state = q.state.slug();
    let order = (mine && q.state == QuoteState::Answered).then(|| {
        let id = id.clone();
        view! {
            <ActionForm action=accept attr:class="inline">
                <input type="hidden" name="quote_id" value=id />
                <input type="hidden" name="idempotency_key" prop:value=move || key.key.get() />
                <button type="submit" class="primary" disabled=move || accept.pending().get()>"Order at this price"</button>
            </ActionForm>
        }
    });
    let withdraw = (mine && q.state.open()).then(|| {
        let id = id.clone();
        let label = if q.state == QuoteState::Answered { "Decline" } else { "Withdraw the request" };
        view! {
            <ActionForm action=decline attr:class="inline">
                <input type="hidden" name="quote_id" value=id />
                <button type="submit" class="secondary" disabled=move || decline.pending().get()>{label}</button>
            </ActionForm>
        }
    });
    view! {
        <li class="order" data-testid="quote" data-id=id data-state=state>
            <QuoteSummary q />
            {order}
            {withdraw}
        </li>
    }
}

/// One quote's facts, as both quote pages show them.
#[component]
pub fn QuoteSummary(q: QuoteRow) -> impl IntoView {
    let price = q
        .price_cents
        .map(|c| format!(" · quoted {}", money(c)))
        .unwrap_or_default();
    view! {
        <div class="order-head">
            <strong>{format!("Quote #{} {}", q.id, q.title)}</strong>
            <span class=format!("status quote-{}", q.state.slug()) data-testid="status">{q.state.label()}</span>
        </div>
        <p class="muted">
            {format!(
                "{} · {} copies{price} · asked by {} on {} · {}",
                q.product_name, q.quantity, q.owner_name, q.created_at, q.company_name,
            )}
            {q.order_id.map(|o| format!(" · ordered as #{o}"))}
        </p>
        {(!q.note.is_empty()).then(|| view! { <p>{format!("Request: {}", q.note)}</p> })}
        {q.answered.map(|a| {
            let said = q.answer.filter(|n| !n.is_empty()).map(|n| format!(": \u{201c}{n}\u{201d}")).unwrap_or_default();
            view! { <p class="decision">{format!("{a}{said}")}</p> }
        })}
    }
}
