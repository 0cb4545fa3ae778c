//! "Assign publication types to a department" (PrintShop Mail Web): for
//! each department the person may administer, whether its members order
//! every publication type or only some. A member sees the products of the
//! types their departments order; managers with company-wide rights see
//! the whole catalog.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::model::{CompanyPublicationTypes, CurrentUser, DepartmentTypesRow};
use crate::shop::api::{AssignPublicationTypes, list_publication_types};

#[component]
pub fn PublicationTypesPage() -> impl IntoView {
    view! {
        <Title text="Publication types by department" />
        <SignedInOnly view=|_: CurrentUser| view! { <PublicationTypes /> } />
    }
}

#[component]
fn PublicationTypes() -> impl IntoView {
    let assign = ServerAction::<AssignPublicationTypes>::new();
    let done = reloads(move || assign.value().get());
    let companies = Resource::new(move || done.get(), |_| list_publication_types());
    let outcome = Signal::derive(move || assign.value().get());
    view! {
        <section class="card">
            <h1>"Publication types by department"</h1>
            <p class="muted">
                "A department limited to some publication types sees and orders only products of those types, "
                "its own and the company-wide ones. Someone in several departments sees what any of them orders."
            </p>
            <Outcome value=outcome ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading departments…"</p> }>
                {move || Suspend::new(async move {
                    match companies.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted">"None of the companies you administer has departments yet."</p>
                        }.into_any(),
                        Ok(list) => list
                            .into_iter()
                            .map(|c| view! { <Company c assign /> })
                            .collect_view()
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Company(
    c: CompanyPublicationTypes,
    assign: ServerAction<AssignPublicationTypes>,
) -> impl IntoView {
    let known = c.known.clone();
    view! {
        <h2>{c.company.clone()}</h2>
        {c.known.is_empty().then(|| view! {
            <p class="muted">"The company has no products yet, so there are no publication types to choose from."</p>
        })}
        <ul class="orders" data-testid="department-types">
            {c.departments
                .into_iter()
                .map(|d| view! { <Department d known=known.clone() assign /> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn Department(
    d: DepartmentTypesRow,
    known: Vec<String>,
    assign: ServerAction<AssignPublicationTypes>,
) -> impl IntoView {
    let orders = match &d.types {
        None => "Orders every publication type".to_string(),
        Some(types) => format!("Orders only: {}", types.join(", ")),
    };
    let every = RwSignal::new(d.types.is_none());
    let chosen = RwSignal::new(
        d.types
            .clone()
            .unwrap_or_default()
            .into_iter()
            .collect::<BTreeSet<String>>(),
    );
    let department_id = d.department_id;
    let save = move |_| {
        let limit = (!every.get_untracked()).then(|| chosen.get_untracked().into_iter().collect());
        assign.dispatch(AssignPublicationTypes {
            department_id,
            limit,
        });
    };
    let group = format!("types-{department_id}");
    let boxes = known
        .into_iter()
        .map(|t| {
            let key = t.clone();
            let checked = chosen.with_untracked(|c| c.contains(&t));
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        value=t.clone()
                        checked=checked
                        disabled=move || every.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let k = key.clone();
                            chosen.update(|c| { if on { c.insert(k); } else { c.remove(&k); } });
                        }
                    />
                    {t}
                </label>
            }
        })
        .collect_view();
    view! {
        <li class="order" data-testid="department" data-name=d.name.clone()>
            <strong>{d.name.clone()}</strong>
            <p class="muted" data-testid="department-orders">{orders}</p>
            <details class="edit">
                <summary>"Change"</summary>
                <div class="stack">
                    <label class="check">
                        <input type="radio" name=group.clone() checked=d.types.is_none() on:change=move |_| every.set(true) />
                        "Every publication type"
                    </label>
                    <label class="check">
                        <input type="radio" name=group checked=d.types.is_some() on:change=move |_| every.set(false) />
                        "Only these:"
                    </label>
                    <fieldset class="inline">{boxes}</fieldset>
                    <button type="button" class="secondary" on:click=save disabled=move || assign.pending().get()>
                        {move || if assign.pending().get() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </details>
        </li>
    }
}
