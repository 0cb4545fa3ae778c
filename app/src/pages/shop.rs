//! The storefront: the products built for the member (by company and
//! department), each with an order form. Orders that need approval say so.

use imprimatur_core::{Permission, ResourceKind};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{PlaceOrder, catalog, list_addresses};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::order_key::OrderKey;
use crate::model::{AddressBook, CurrentUser, MAX_QUANTITY, ProductRow, money};

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
    view! { <Storefront quotable addresses me=user.id /> }
}

/// `quotable`: the member may ask for a price before ordering;
/// `addresses`: they may choose where it goes (`me` is their user id).
#[component]
fn Storefront(quotable: bool, addresses: bool, me: i64) -> impl IntoView {
    let place = ServerAction::<PlaceOrder>::new();
    let key = OrderKey::new();
    Effect::new(move |_| {
        if matches!(place.value().get(), Some(Ok(_))) {
            key.renew();
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
    view! {
        <section class="card">
            <h1>"Storefront"</h1>
            <p class="muted">"The products your company built for you. Describe each job; orders that need approval wait for it."</p>
            <Outcome value=placed ok=|id| format!("Order #{id} placed. Follow it under My print jobs.") />
            <Show when=move || place.pending().get()>
                <p class="muted" role="status">"Placing the order…"</p>
            </Show>
            <Transition fallback=|| view! { <p class="muted">"Loading products…"</p> }>
                {move || Suspend::new(async move {
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
                                        view! { <ProductCard p place key quotable to /> }
                                    })
                                    .collect_view()}
                            </div>
                        }
                            .into_any(),
                    }
                })}
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
    let audience = match &p.department_name {
        Some(d) => format!("{} · {d}", p.company_name),
        None => p.company_name.clone(),
    };
    view! {
        <article class="product" data-testid="product" data-name=p.name.clone()>
            <h2>{p.name.clone()}</h2>
            <p class="muted">{format!("{} · {} a copy · {audience}", p.publication_type, money(p.price_cents))}</p>
            <p>{p.description.clone()}</p>
            <ActionForm action=place attr:class="stack">
                <input type="hidden" name="order[product_id]" value=p.id.to_string() />
                <input type="hidden" name="order[idempotency_key]" prop:value=move || key.key.get() />
                <label>
                    "What to print"
                    <input name="order[title]" required maxlength="200" placeholder="e.g. Spring fair flyer" />
                </label>
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
