//! Work orders (Scantrust): a partnered customer's approved print jobs at
//! the print partner. The work-order manager generates each one's secure
//! codes and downloads them with their serial numbers; the account admin
//! also cancels; checked or cancelled work orders are archived. Below, the
//! customer companies the partner prints for.

use imprimatur_core::{Permission, Principal, authorize};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::model::{CurrentUser, PartnerCompany, WorkOrderChange, WorkOrderRow};
use crate::press::api::{ChangePartnership, ChangeWorkOrder, list_partnerships, list_work_orders};

#[component]
pub fn WorkOrdersPage() -> impl IntoView {
    view! {
        <Title text="Work orders" />
        <SignedInOnly view=|user: CurrentUser| view! { <WorkOrders user /> } />
    }
}

#[component]
fn WorkOrders(user: CurrentUser) -> impl IntoView {
    let change = ServerAction::<ChangeWorkOrder>::new();
    let partnership = ServerAction::<ChangePartnership>::new();
    let archived = RwSignal::new(false);
    let reload = (
        reloads(move || change.value().get()),
        reloads(move || partnership.value().get()),
    );
    let list = Resource::new(
        move || (archived.get(), reload.0.get(), reload.1.get()),
        |(archived, ..)| list_work_orders(archived),
    );
    let me = Principal::User(user.principal.clone());
    let manages_partners = user.may_see_any(
        Permission::PartnershipsManage,
        imprimatur_core::ResourceKind::Partnership,
    );
    let outcome = Signal::derive(move || change.value().get());
    view! {
        <section class="card">
            <h1>"Work orders"</h1>
            <p class="muted">
                "Each approved print job of a customer you print for arrives here. Generate its secure codes, "
                "download them with their serial numbers for printing, and the print operator checks the print on the printer app."
            </p>
            <label class="check">
                <input type="checkbox" data-testid="show-archived" on:change=move |ev| archived.set(event_target_checked(&ev)) />
                "Show archived work orders"
            </label>
            <Outcome value=outcome ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading work orders…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match list.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(rows) if rows.is_empty() => view! {
                                <p class="muted" data-testid="no-work-orders">"No work orders here."</p>
                            }.into_any(),
                            Ok(rows) => view! {
                                <ul class="orders" data-testid="work-orders">
                                    {rows.into_iter().map(|w| view! { <WorkOrderItem w me=me.clone() change /> }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
        {manages_partners.then(|| view! { <Partnerships partnership /> })}
    }
}

#[component]
fn WorkOrderItem(
    w: WorkOrderRow,
    me: Principal,
    change: ServerAction<ChangeWorkOrder>,
) -> impl IntoView {
    let changes: Vec<WorkOrderChange> = WorkOrderChange::ALL
        .into_iter()
        .filter(|c| c.applies(w.state, w.archived))
        .filter(|c| authorize(&me, c.permission(), &w.resource()).is_allowed())
        .collect();
    let may_download = w.state.has_codes()
        && authorize(&me, Permission::WorkOrdersDownloadCodes, &w.resource()).is_allowed();
    let facts = format!(
        "{} · {} copies · from print job #{} · arrived {}",
        w.customer, w.quantity, w.order_id, w.created
    );
    let id = w.id;
    view! {
        <li class="order" data-testid="work-order" data-id=id.to_string() data-state=w.state.slug()>
            <div class="order-head">
                <strong>{format!("#{} {}", w.id, w.title)}</strong>
                <span class=format!("status status-{}", w.state.slug()) data-testid="status">
                    {w.state.label()}{w.archived.then_some(" · archived")}
                </span>
            </div>
            <p class="muted">{facts}</p>
            {w.codes_at.map(|at| view! { <p class="muted">{format!("Secure codes generated {at}")}</p> })}
            {w.qa.map(|qa| view! { <p data-testid="quality-check">{format!("Quality check: {qa}")}</p> })}
            {changes.into_iter().map(|c| view! {
                <ActionForm action=change attr:class="inline">
                    <input type="hidden" name="work_order_id" value=id.to_string() />
                    <input type="hidden" name="change" value=c.slug() />
                    <button type="submit" class="secondary" disabled=move || change.pending().get()>{c.label()}</button>
                </ActionForm>
            }).collect_view()}
            {may_download.then(|| view! {
                <a class="button secondary-light" href=format!("/work-orders/{id}/codes.csv") download data-testid="download-codes">
                    "Download codes (CSV)"
                </a>
            })}
        </li>
    }
}

#[component]
fn Partnerships(partnership: ServerAction<ChangePartnership>) -> impl IntoView {
    let done = reloads(move || partnership.value().get());
    let partners = Resource::new(move || done.get(), |_| list_partnerships());
    let outcome = Signal::derive(move || partnership.value().get());
    view! {
        <section class="card" data-testid="partnerships">
            <h2>"Customers you print for"</h2>
            <p class="muted">"While you print for a customer company, each of its print jobs becomes a work order here when it is approved."</p>
            <Outcome value=outcome ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match partners.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(list) => list.into_iter().map(|p| view! { <Partner p partnership /> }).collect_view().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Partner(p: PartnerCompany, partnership: ServerAction<ChangePartnership>) -> impl IntoView {
    let partner_id = p.id.to_string();
    view! {
        <h3>{p.name.clone()}</h3>
        {p.customers.is_empty().then(|| view! { <p class="muted">"You print for no customer company yet."</p> })}
        <ul class="orders">
            {p.customers.into_iter().map(|c| {
                let partner_id = c.partner_id.to_string();
                view! {
                    <li class="order" data-testid="customer" data-slug=c.customer_slug.clone()>
                        <strong>{c.customer.clone()}</strong>
                        <span class="muted">{format!(" /{}", c.customer_slug)}</span>
                        <ActionForm action=partnership attr:class="inline">
                            <input type="hidden" name="partner_id" value=partner_id />
                            <input type="hidden" name="customer" value=c.customer_id.to_string() />
                            <input type="hidden" name="add" value="false" />
                            <button type="submit" class="secondary">"Stop printing for them"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
        <ActionForm action=partnership attr:class="inline">
            <input type="hidden" name="partner_id" value=partner_id />
            <input type="hidden" name="add" value="true" />
            <label>
                "Customer's address (URL name)"
                <input name="customer" required maxlength="63" placeholder="acme" data-testid="customer-slug" />
            </label>
            <button type="submit" disabled=move || partnership.pending().get()>"Ask to print for this customer"</button>
        </ActionForm>
    }
}
