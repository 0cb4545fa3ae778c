//! "My print jobs": the print jobs the member may see (their own, or their
//! departments' or company's for managers), searchable by text, status and
//! date, each re-orderable in one click and its content changeable until
//! approval, where `core` allows.

use imprimatur_core::{Permission, Principal, ResourceState, StatusChange, Transition, authorize};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::job_fields::JobFieldInputs;
use crate::components::order_key::OrderKey;
use crate::components::refresh::reloads;
use crate::model::{CurrentUser, MAX_QUANTITY, OrderQuery, OrderRow, money};
use crate::shop::api::{ChangeJobStatus, EditOrder, Reorder, list_orders};

#[component]
pub fn JobsPage() -> impl IntoView {
    view! {
        <Title text="My print jobs" />
        <SignedInOnly view=|user: CurrentUser| view! { <Jobs user /> } />
    }
}

/// The list itself, also the start-up screen of Customer Plus.
#[component]
pub fn Jobs(user: CurrentUser) -> impl IntoView {
    let params = use_query_map();
    let query = move || {
        let p = params.read();
        let get = |k: &str| p.get(k).unwrap_or_default();
        OrderQuery {
            text: get("text"),
            state: get("state"),
            from: get("from"),
            to: get("to"),
            apart_from: None,
        }
    };
    let reorder = ServerAction::<Reorder>::new();
    let key = OrderKey::new();
    Effect::new(move |_| {
        if matches!(reorder.value().get(), Some(Ok(_))) {
            key.renew();
        }
    });
    let edit = ServerAction::<EditOrder>::new();
    let status = ServerAction::<ChangeJobStatus>::new();
    let reload = (
        reloads(move || reorder.value().get()),
        reloads(move || edit.value().get()),
        reloads(move || status.value().get()),
    );
    let jobs = Resource::new(
        move || {
            let versions = (reload.0.get(), reload.1.get(), reload.2.get());
            (query(), versions)
        },
        |(q, ..)| list_orders(q),
    );
    let edited = Signal::derive(move || edit.value().get());
    let restated = Signal::derive(move || status.value().get());
    let me = Principal::User(user.principal.clone());
    let actions = JobActions {
        reorder,
        edit,
        status,
        key,
    };
    let reordered = Signal::derive(move || reorder.value().get());
    let q = query();
    view! {
        <section class="card">
            <h1>"Print jobs"</h1>
            <Form method="GET" action="/jobs" attr:class="inline search">
                <label>"Text or #number" <input name="text" value=q.text maxlength="200" data-testid="job-search" /></label>
                <label>
                    "Status"
                    <select name="state">
                        <option value="">"Any"</option>
                        {ResourceState::ALL
                            .into_iter()
                            .map(|s| {
                                let chosen = q.state == s.slug();
                                view! { <option value=s.slug() selected=chosen>{s.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>"From" <input type="date" name="from" value=q.from /></label>
                <label>"To" <input type="date" name="to" value=q.to /></label>
                <button type="submit" class="secondary">"Search"</button>
            </Form>
            <Outcome value=reordered ok=|id| format!("Ordered again as #{id}.") />
            <Outcome value=edited ok=|()| "The job is changed.".to_string() />
            <Outcome value=restated ok=|label| format!("The job is now: {}.", label.to_lowercase()) />
            <Transition fallback=|| view! { <p class="muted">"Loading print jobs…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match jobs.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p class="muted">"No print jobs found."</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="orders" data-testid="orders">
                                    {list
                                        .into_iter()
                                        .map(|o| view! { <JobRow o me=me.clone() actions /> })
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

/// The status changes core allows `me` on this job in its current status.
fn status_changes(me: &Principal, o: &OrderRow) -> Vec<StatusChange> {
    StatusChange::ALL
        .into_iter()
        .filter(|c| matches!(c.applied_to(o.state, None), Transition::To(_)))
        .filter(|c| authorize(me, c.permission(), &o.resource()).is_allowed())
        .collect()
}

/// What a job's row can do, shared by every row of the list.
#[derive(Clone, Copy)]
struct JobActions {
    reorder: ServerAction<Reorder>,
    edit: ServerAction<EditOrder>,
    status: ServerAction<ChangeJobStatus>,
    key: OrderKey,
}

/// One job, with the actions core allows `me` on it.
#[component]
fn JobRow(o: OrderRow, me: Principal, actions: JobActions) -> impl IntoView {
    let JobActions {
        reorder,
        edit,
        status,
        key,
    } = actions;
    // A replenishment is ordered again from the storefront's stock form.
    let may_reorder =
        !o.replenishes && authorize(&me, Permission::OrdersReorder, &o.resource()).is_allowed();
    let may_edit = authorize(&me, Permission::OrdersEditContent, &o.resource()).is_allowed();
    let changes = status_changes(&me, &o);
    let id = o.id.to_string();
    let data_id = id.clone();
    let editing = may_edit.then(|| {
        let (id, title, copies) = (o.id.to_string(), o.title.clone(), o.quantity.to_string());
        // Only a job ordered with answers changes them (see `edit_order`).
        let fields = if o.answers.is_empty() { Vec::new() } else { o.fields.clone() };
        let answers = o.answers.clone();
        view! {
            <details class="edit">
                <summary>"Change"</summary>
                <ActionForm action=edit attr:class="stack">
                    <input type="hidden" name="order_id" value=id />
                    <label>"What to print" <input name="title" value=title required maxlength="200" /></label>
                    <JobFieldInputs fields answers prefix="fields" />
                    <label>
                        "Copies"
                        <input name="quantity" type="number" min="1" max=MAX_QUANTITY.to_string() value=copies required />
                    </label>
                    <button type="submit" class="secondary" disabled=move || edit.pending().get()>"Save the change"</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <li class="order" data-testid="order" data-id=data_id data-state=o.state.slug()>
            <OrderSummary o=o.clone() />
            {editing}
            {changes
                .into_iter()
                .map(|c| {
                    let id = o.id.to_string();
                    view! {
                        <ActionForm action=status attr:class="inline">
                            <input type="hidden" name="order_id" value=id />
                            <input type="hidden" name="change" value=c.slug() />
                            <button type="submit" class="secondary" disabled=move || status.pending().get()>{c.label()}</button>
                        </ActionForm>
                    }
                })
                .collect_view()}
            {may_reorder.then(|| view! {
                <ActionForm action=reorder attr:class="inline">
                    <input type="hidden" name="order_id" value=id />
                    <input type="hidden" name="idempotency_key" prop:value=move || key.key.get() />
                    <button type="submit" class="secondary" disabled=move || reorder.pending().get()>"Order again"</button>
                </ActionForm>
            })}
        </li>
    }
}

/// One print job's facts, as every list shows them.
#[component]
pub fn OrderSummary(o: OrderRow) -> impl IntoView {
    let place = match &o.department_name {
        Some(d) => format!("{} · {d}", o.company_name),
        None => o.company_name.clone(),
    };
    let answers = crate::model::answers_text(&o.answers);
    view! {
        <div class="order-head">
            <strong>{format!("#{} {}", o.id, o.title)}</strong>
            <span class=format!("status status-{}", o.state.slug()) data-testid="status">{o.state.label()}</span>
        </div>
        <p class="muted">
            {format!(
                "{} · {} copies · {} · ordered by {} on {} · {place}",
                o.product_name,
                o.quantity,
                money(o.price_cents),
                o.owner_name,
                o.created_at,
            )}
            {o.reorder_of.map(|r| format!(" · re-order of #{r}"))}
            {o.placed_by_name.map(|by| format!(" · placed for them by {by}"))}
            {o.replenishes.then_some(" · stock replenishment: its copies join the stock when it ships")}
        </p>
        {(!answers.is_empty()).then(|| view! { <p data-testid="job-fields">{answers}</p> })}
        {o.ship_to.map(|to| view! { <p class="muted" data-testid="ship-to">{format!("Deliver to: {to}")}</p> })}
        {o.decision.map(|d| view! { <p class="decision">{d}</p> })}
    }
}
