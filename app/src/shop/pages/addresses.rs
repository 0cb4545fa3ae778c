//! Addresses (PrintJob): the company's addresses and members' personal
//! addresses, each kept where `core` allows it. Any of them can be chosen
//! at checkout in the shop.

use imprimatur_core::{Permission, Principal, authorize};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::model::{AddressPlace, AddressRow, CurrentUser};
use crate::shop::api::{DeleteAddress, SaveAddress, list_addresses};

#[component]
pub fn AddressesPage() -> impl IntoView {
    view! {
        <Title text="Addresses" />
        <SignedInOnly view=|user: CurrentUser| view! { <Addresses user /> } />
    }
}

#[component]
fn Addresses(user: CurrentUser) -> impl IntoView {
    let save = ServerAction::<SaveAddress>::new();
    let delete = ServerAction::<DeleteAddress>::new();
    let (saved_n, deleted_n) = (
        reloads(move || save.value().get()),
        reloads(move || delete.value().get()),
    );
    let book = Resource::new(
        move || (saved_n.get(), deleted_n.get()),
        |_| list_addresses(),
    );
    let me = Principal::User(user.principal.clone());
    let saved = Signal::derive(move || save.value().get());
    let deleted = Signal::derive(move || delete.value().get());
    view! {
        <section class="card">
            <h1>"Addresses"</h1>
            <p class="muted">"Choose any of these when you order in the shop. Choosing someone else's address orders for them."</p>
            <Outcome value=saved ok=|id| format!("Address #{id} is saved.") />
            <Outcome value=deleted ok=|()| "The address is deleted.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading addresses…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        let book = match book.await {
                            Ok(b) => b,
                            Err(e) => return view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        };
                        let may = |p: Permission, a: &AddressRow| authorize(&me, p, &a.resource()).is_allowed();
                        let company_rows = book.company.iter().map(|a| {
                            let edit = may(Permission::CompanyAddressesManage, a);
                            let departments = place_of(&book.places, a.company_id);
                            view! { <AddressItem a=a.clone() edit remove=edit departments save delete /> }
                        }).collect_view();
                        let personal_rows = book.personal.iter().map(|a| {
                            let edit = may(Permission::PersonalAddressesEdit, a);
                            let remove = may(Permission::PersonalAddressesDelete, a);
                            view! { <AddressItem a=a.clone() edit remove departments=Vec::new() save delete /> }
                        }).collect_view();
                        let places = book.places.clone();
                        view! {
                            <h2>"Company addresses"</h2>
                            <ul class="orders" data-testid="company-addresses">{company_rows}</ul>
                            <h2>"Personal addresses"</h2>
                            <ul class="orders" data-testid="personal-addresses">{personal_rows}</ul>
                            <NewAddress places save />
                        }
                            .into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

/// The departments a company address may be assigned to, where the member
/// may assign (the server sends none otherwise).
fn place_of(places: &[AddressPlace], company: i64) -> Vec<(i64, String)> {
    places
        .iter()
        .find(|p| p.company_id == company)
        .map(|p| p.departments.clone())
        .unwrap_or_default()
}

#[component]
fn AddressItem(
    a: AddressRow,
    edit: bool,
    remove: bool,
    departments: Vec<(i64, String)>,
    save: ServerAction<SaveAddress>,
    delete: ServerAction<DeleteAddress>,
) -> impl IntoView {
    let whose = match (&a.owner_name, &a.department_name) {
        (Some(o), _) => format!("{o} · {}", a.company_name),
        (None, Some(d)) => format!("{} · for {d}", a.company_name),
        (None, None) => format!("{} · for everyone", a.company_name),
    };
    let id = a.id.to_string();
    let line = a.one_line();
    let change = edit.then(|| {
        let (id, chosen) = (id.clone(), a.department_id);
        view! {
            <details class="edit">
                <summary>"Change"</summary>
                <ActionForm action=save attr:class="stack">
                    <input type="hidden" name="address[id]" value=id />
                    <AddressFields a=Some(a.clone()) />
                    <DepartmentChoice departments chosen />
                    <button type="submit" class="secondary" disabled=move || save.pending().get()>"Save the address"</button>
                </ActionForm>
            </details>
        }
    });
    let deleting = remove.then(|| {
        let id = id.clone();
        view! {
            <ActionForm action=delete attr:class="inline">
                <input type="hidden" name="address_id" value=id />
                <button type="submit" class="secondary" disabled=move || delete.pending().get()>"Delete"</button>
            </ActionForm>
        }
    });
    view! {
        <li class="order" data-testid="address" data-id=id>
            <strong>{line}</strong>
            <p class="muted">{whose}</p>
            {change}
            {deleting}
        </li>
    }
}

/// The department select for a company address; nothing when the member
/// may not assign addresses to departments.
#[component]
fn DepartmentChoice(departments: Vec<(i64, String)>, chosen: Option<i64>) -> impl IntoView {
    (!departments.is_empty()).then(|| {
        view! {
            <label>
                "For department"
                <select name="address[department_id]">
                    <option value="" selected=chosen.is_none()>"Everyone in the company"</option>
                    {departments
                        .into_iter()
                        .map(|(id, name)| view! { <option value=id.to_string() selected=chosen == Some(id)>{name}</option> })
                        .collect_view()}
                </select>
            </label>
        }
    })
}

#[component]
fn AddressFields(a: Option<AddressRow>) -> impl IntoView {
    let v = |f: fn(&AddressRow) -> &String| a.as_ref().map(|a| f(a).clone()).unwrap_or_default();
    view! {
        <label>"Name" <input name="address[name]" value=v(|a| &a.name) required maxlength="120" placeholder="e.g. Head office" /></label>
        <label>"Street" <input name="address[street]" value=v(|a| &a.street) required maxlength="120" /></label>
        <label>"Postcode" <input name="address[postcode]" value=v(|a| &a.postcode) required maxlength="20" /></label>
        <label>"City" <input name="address[city]" value=v(|a| &a.city) required maxlength="120" /></label>
        <label>"Country" <input name="address[country]" value=v(|a| &a.country) required maxlength="60" /></label>
    }
}

/// Adding an address: a company one where the member keeps them, or their
/// own personal one. The server asks core again either way.
#[component]
fn NewAddress(places: Vec<AddressPlace>, save: ServerAction<SaveAddress>) -> impl IntoView {
    (!places.is_empty()).then(|| {
        let assignable: Vec<(i64, String)> = places.iter().flat_map(|p| p.departments.clone()).collect();
        view! {
            <details class="edit" data-testid="new-address">
                <summary>"Add an address"</summary>
                <ActionForm action=save attr:class="stack">
                    <label>
                        "Kind"
                        <select name="address[personal]">
                            <option value="true">"My personal address"</option>
                            <option value="false">"A company address"</option>
                        </select>
                    </label>
                    <label>
                        "Company"
                        <select name="address[company_id]">
                            {places
                                .into_iter()
                                .map(|p| view! { <option value=p.company_id.to_string()>{p.company_name}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <AddressFields a=None />
                    <DepartmentChoice departments=assignable chosen=None />
                    <button type="submit" class="primary" disabled=move || save.pending().get()>"Add the address"</button>
                </ActionForm>
            </details>
        }
    })
}
