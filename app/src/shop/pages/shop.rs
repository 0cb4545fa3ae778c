//! The storefront: the products built for the member (by company and
//! department), each with an order form. Orders that need approval say so.
//! Stocked products show their shelf, and managers refill it from here.

use imprimatur_core::{Permission, Principal, ResourceKind, authorize};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::job_fields::JobFieldInputs;
use crate::components::order_key::OrderKey;
use crate::model::{AddressBook, CurrentUser, MAX_QUANTITY, ProductRow, money};
use crate::shop::api::{PlaceOrder, ReplenishStock, catalog, list_addresses};

#[component]
pub fn ShopPage() -> impl IntoView {
    view! {
        <Title text="Storefront" />
        <SignedInOnly view=|user: CurrentUser| view! { <StorefrontFor user /> } />
    }
}

/// The storefront for `user`, also the start-up screen of customer roles.
#[component]
pub fn StorefrontFor(user: CurrentUser) -> impl IntoView {
    let quotable = user.may_see_any(Permission::QuotesRequest, ResourceKind::Quote);
    let addresses = user.may_see_any(
        Permission::CompanyAddressesView,
        ResourceKind::CompanyAddress,
    ) || user.may_see_any(
        Permission::PersonalAddressesView,
        ResourceKind::PersonalAddress,
    );
    let principal = Principal::User(user.principal.clone());
    view! { <Storefront quotable addresses me=user.id principal /> }
}

/// `quotable`: the member may ask for a price before ordering;
/// `addresses`: they may choose where it goes (`me` is their user id).
#[component]
fn Storefront(quotable: bool, addresses: bool, me: i64, principal: Principal) -> impl IntoView {
    let place = ServerAction::<PlaceOrder>::new();
    let key = OrderKey::new();
    let refill = ServerAction::<ReplenishStock>::new();
    let refill_key = OrderKey::new();
    Effect::new(move |_| {
        if matches!(place.value().get(), Some(Ok(_))) {
            key.renew();
        }
        if matches!(refill.value().get(), Some(Ok(_))) {
            refill_key.renew();
        }
    });
    let products = Resource::new(|| (), |_| catalog());
    let book = Resource::new(
        || (),
        move |_| async move {
            if addresses {
                list_addresses().await.unwrap_or_default()
            } else {
                AddressBook::default()
            }
        },
    );
    let placed = Signal::derive(move || place.value().get());
    let refilled = Signal::derive(move || refill.value().get());
    view! {
        <section class="card">
            <h1>"Storefront"</h1>
            <p class="muted">"The products your company built for you. Describe each job; orders that need approval wait for it."</p>
            <Outcome value=placed ok=|id| format!("Order #{id} placed. Follow it under My print jobs.") />
            <Outcome
                value=refilled
                ok=|id| format!("Stock replenishment #{id} goes to print now; its copies are added to the stock when it ships.")
            />
            <Show when=move || place.pending().get()>
                <p class="muted" role="status">"Placing the order…"</p>
            </Show>
            <Transition fallback=|| view! { <p class="muted">"Loading products…"</p> }>
                {move || {
                    let principal = principal.clone();
                    Suspend::new(async move {
                    let book = book.await;
                    match products.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted">"No products were built for you yet."</p>
                        }
                            .into_any(),
                        Ok(list) => view! {
                            <div class="products" data-testid="products">
                                {list
                                    .into_iter()
                                    .map(|p| {
                                        let to = deliver_to(&book, p.company_id, me);
                                        let refill = (p.stock.is_some()
                                            && authorize(&principal, Permission::StockReplenish, &p.replenishment(me)).is_allowed())
                                            .then_some((refill, refill_key));
                                        view! { <ProductCard p place key quotable to refill /> }
                                    })
                                    .collect_view()}
                            </div>
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
fn ProductCard(
    p: ProductRow,
    place: ServerAction<PlaceOrder>,
    key: OrderKey,
    quotable: bool,
    to: Vec<(i64, String)>,
    /// Set where the member may refill this product's stock.
    refill: Option<(ServerAction<ReplenishStock>, OrderKey)>,
) -> impl IntoView {
    let choose = (!to.is_empty()).then(|| {
        view! {
            <label>
                "Deliver to"
                <select name="order[address_id]">
                    <option value="0">"No address (collect it)"</option>
                    {to.into_iter().map(|(id, label)| view! { <option value=id.to_string()>{label}</option> }).collect_view()}
                </select>
            </label>
        }
    });
    let quote = quotable.then(|| {
        view! { <a class="quote-link" href=format!("/quotes?product={}", p.id)>"Ask for a quote instead"</a> }
    });
    let low = p.stock.zip(p.low_stock_at).is_some_and(|(n, at)| n <= at);
    let stock = p.stock.map(|n| {
        view! {
            <p class="stock" data-testid="stock">{format!("{n} in stock")}</p>
            {low.then(|| view! { <p class="stock low" data-testid="low-stock">"Low stock"</p> })}
        }
    });
    let refill = refill.map(|(action, key)| {
        view! {
            <ActionForm action attr:class="stack refill">
                <input type="hidden" name="product_id" value=p.id.to_string() />
                <input type="hidden" name="idempotency_key" prop:value=move || key.key.get() />
                <label>
                    "Copies for the stock"
                    <input name="quantity" type="number" min="1" max=MAX_QUANTITY.to_string() value="500" required />
                </label>
                <button type="submit" disabled=move || action.pending().get()>"Order a stock replenishment"</button>
            </ActionForm>
        }
    });
    let audience = match &p.department_name {
        Some(d) => format!("{} · {d}", p.company_name),
        None => p.company_name.clone(),
    };
    view! {
        <article class="product" data-testid="product" data-name=p.name.clone()>
            <h2>{p.name.clone()}</h2>
            <p class="muted">{format!("{} · {} a copy · {audience}", p.publication_type, money(p.price_cents))}</p>
            <p>{p.description.clone()}</p>
            {stock}
            <ActionForm action=place attr:class="stack">
                <input type="hidden" name="order[product_id]" value=p.id.to_string() />
                <input type="hidden" name="order[idempotency_key]" prop:value=move || key.key.get() />
                <label>
                    "What to print"
                    <input name="order[title]" required maxlength="200" placeholder="e.g. Spring fair flyer" />
                </label>
                <JobFieldInputs fields=p.fields.clone() answers=Vec::new() prefix="order[fields]" />
                <label>
                    "Copies"
                    <input name="order[quantity]" type="number" min="1" max=MAX_QUANTITY.to_string() value="100" required />
                </label>
                {choose}
                <label>
                    "Ask for approval from (optional e-mail addresses)"
                    <input name="order[approvers]" maxlength="1000" placeholder="approver@example.com" />
                </label>
                <button type="submit" class="primary" disabled=move || place.pending().get()>"Order"</button>
            </ActionForm>
            {quote}
            {refill}
        </article>
    }
}

/// The addresses a product of `company` can go to, as the choice reads:
/// someone else's personal address says whom the order is for.
fn deliver_to(book: &AddressBook, company: i64, me: i64) -> Vec<(i64, String)> {
    book.company
        .iter()
        .chain(&book.personal)
        .filter(|a| a.company_id == company)
        .map(|a| {
            let whose = match (a.owner_id, &a.owner_name) {
                (Some(o), _) if o == me => " (yours)".to_string(),
                (Some(_), Some(n)) => format!(" \u{2014} order for {n}"),
                _ => String::new(),
            };
            (a.id, format!("{}, {}{whose}", a.name, a.city))
        })
        .collect()
}
