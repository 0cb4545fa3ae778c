//! Product administration ("Manage products"): the products of the
//! companies the admin keeps, switched off ones too, each changeable; and
//! a new product for the whole company or one department. What a product
//! is built for decides who sees it in the storefront.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::model::{
    AddressPlace, CurrentUser, MAX_PRODUCT_DESCRIPTION_LEN, MAX_PRODUCT_NAME_LEN,
    MAX_PUBLICATION_TYPE_LEN, ManagedProduct, built_for, job_fields_text, money, price_text,
};
use crate::shop::api::{SaveProduct, list_managed_products};

#[component]
pub fn ProductsPage() -> impl IntoView {
    view! {
        <Title text="Products" />
        <SignedInOnly view=|_: CurrentUser| view! { <Products /> } />
    }
}

#[component]
fn Products() -> impl IntoView {
    let save = ServerAction::<SaveProduct>::new();
    let saved_n = reloads(move || save.value().get());
    let admin = Resource::new(move || saved_n.get(), |_| list_managed_products());
    let saved = Signal::derive(move || save.value().get());
    view! {
        <section class="card">
            <h1>"Products"</h1>
            <p class="muted">"What each company's storefront offers. A product built for a department is seen by its members only; a switched-off product is offered to nobody."</p>
            <Outcome value=saved ok=|id| format!("Product #{id} is saved.") />
            <Transition fallback=|| view! { <p class="muted">"Loading products…"</p> }>
                {move || Suspend::new(async move {
                    let admin = match admin.await {
                        Ok(a) => a,
                        Err(e) => return view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    };
                    let rows = admin
                        .products
                        .into_iter()
                        .map(|p| {
                            let place = admin.places.iter().find(|x| x.company_id == p.product.company_id).cloned();
                            view! { <ProductItem p place save /> }
                        })
                        .collect_view();
                    let places = admin.places.clone();
                    view! {
                        <ul class="orders" data-testid="managed-products">{rows}</ul>
                        <NewProduct places save />
                    }
                        .into_any()
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProductItem(
    p: ManagedProduct,
    place: Option<AddressPlace>,
    save: ServerAction<SaveProduct>,
) -> impl IntoView {
    let ManagedProduct { product, active } = p;
    let audience = match &product.department_name {
        Some(d) => format!("{} · {d}", product.company_name),
        None => format!("{} · everyone", product.company_name),
    };
    let shelf = match product.stock {
        Some(n) => match product.low_stock_at {
            Some(at) => format!("{n} in stock (low at {at})"),
            None => format!("{n} in stock"),
        },
        None => "printed to order".to_string(),
    };
    let facts = format!(
        "{} · {} a copy · {audience} · {shelf}{}",
        product.publication_type,
        money(product.price_cents),
        if active { "" } else { " · switched off" }
    );
    let (name, data_name) = (product.name.clone(), product.name.clone());
    let editing = product.clone();
    let change = place.map(move |place| {
        let product = editing;
        let chosen = built_for(product.company_id, product.department_id);
        let options = choices(std::slice::from_ref(&place));
        let was = product.stock.map(|n| n.to_string()).unwrap_or_default();
        view! {
            <details class="edit">
                <summary>"Change"</summary>
                <ActionForm action=save attr:class="stack">
                    <input type="hidden" name="product[id]" value=product.id.to_string() />
                    <input type="hidden" name="product[stock_was]" value=was.clone() />
                    <ProductFields p=Some(product.clone()) />
                    <BuiltFor options chosen />
                    <StockFields
                        stocked=product.stock.is_some()
                        count=was
                        low=product.low_stock_at.map(|n| n.to_string()).unwrap_or_default()
                    />
                    <label class="check">
                        <input type="checkbox" name="product[active]" value="on" checked=active />
                        "Offered in the storefront"
                    </label>
                    <button type="submit" class="secondary" disabled=move || save.pending().get()>"Save the product"</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <li class="order" data-testid="managed-product" data-name=data_name data-active=active.to_string()>
            <strong>{name}</strong>
            <p class="muted">{facts}</p>
            {change}
        </li>
    }
}

/// Every "Built for" choice of these places: each company as a whole where
/// allowed (the server sends only departments the admin may build for).
fn choices(places: &[AddressPlace]) -> Vec<(String, String)> {
    places
        .iter()
        .flat_map(|p| {
            std::iter::once((
                built_for(p.company_id, None),
                format!("{} — everyone", p.company_name),
            ))
            .chain(p.departments.iter().map(|(d, name)| {
                (
                    built_for(p.company_id, Some(*d)),
                    format!("{} — {name}", p.company_name),
                )
            }))
        })
        .collect()
}

#[component]
fn BuiltFor(options: Vec<(String, String)>, chosen: String) -> impl IntoView {
    view! {
        <label>
            "Built for"
            <select name="product[built_for]">
                {options
                    .into_iter()
                    .map(|(value, label)| {
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn ProductFields(p: Option<crate::model::ProductRow>) -> impl IntoView {
    let name = p.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let kind = p
        .as_ref()
        .map(|p| p.publication_type.clone())
        .unwrap_or_default();
    let description = p
        .as_ref()
        .map(|p| p.description.clone())
        .unwrap_or_default();
    let price = p
        .as_ref()
        .map(|p| price_text(p.price_cents))
        .unwrap_or_default();
    let fields = p
        .as_ref()
        .map(|p| job_fields_text(&p.fields))
        .unwrap_or_default();
    view! {
        <label>"Name" <input name="product[name]" value=name required maxlength=MAX_PRODUCT_NAME_LEN.to_string() placeholder="e.g. Business cards" /></label>
        <label>
            "Publication type"
            <input name="product[publication_type]" value=kind required maxlength=MAX_PUBLICATION_TYPE_LEN.to_string() placeholder="e.g. Stationery" />
        </label>
        <label>
            "Description"
            <textarea name="product[description]" maxlength=MAX_PRODUCT_DESCRIPTION_LEN.to_string() rows="2">{description}</textarea>
        </label>
        <label>"Price per copy" <input name="product[price]" value=price required inputmode="decimal" placeholder="0.35" /></label>
        <label>
            "Options and job fields (one a line)"
            <textarea name="product[job_fields]" rows="3" maxlength="2000" placeholder="Text on the card*\nPaper: Matte | Gloss +0.02">{fields}</textarea>
        </label>
        <p class="muted hint">
            "A label alone asks the orderer to type it (add * if it must be filled in). "
            "\u{201c}Paper: Matte | Gloss +0.02\u{201d} offers choices, the first by default; +0.02 is added to each copy."
        </p>
    }
}

#[component]
fn StockFields(stocked: bool, count: String, low: String) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" name="product[stocked]" value="on" checked=stocked />
            "Kept in stock by the printer"
        </label>
        <label>
            "Copies in stock (as counted)"
            <input name="product[stock]" type="number" min="0" value=count />
        </label>
        <label>
            "Warn when the stock falls to (empty: never)"
            <input name="product[low_stock_at]" type="number" min="0" value=low />
        </label>
    }
}

#[component]
fn NewProduct(places: Vec<AddressPlace>, save: ServerAction<SaveProduct>) -> impl IntoView {
    (!places.is_empty()).then(|| {
        let options = choices(&places);
        let chosen = options.first().map(|(v, _)| v.clone()).unwrap_or_default();
        view! {
            <details class="edit" data-testid="new-product">
                <summary>"Add a product"</summary>
                <ActionForm action=save attr:class="stack">
                    <ProductFields p=None />
                    <BuiltFor options chosen />
                    <StockFields stocked=false count=String::new() low=String::new() />
                    <label class="check">
                        <input type="checkbox" name="product[active]" value="on" checked=true />
                        "Offered in the storefront"
                    </label>
                    <button type="submit" class="primary" disabled=move || save.pending().get()>"Add the product"</button>
                </ActionForm>
            </details>
        }
    })
}
