//! A public company's shop (`/store/:slug`): anyone browses and fills a
//! cart; checkout needs an account, and opening one there makes the
//! visitor a Public Customer of the company (PrintShop Mail Web).

use imprimatur_core::public_shop::{PublicShop, may_join};
use imprimatur_core::{CompanyId, Permission, Principal, ResourceKind, UserId, authorize};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::cart::{Cart, CartItem};
use crate::components::guard::Outcome;
use crate::components::job_fields::JobFieldControls;
use crate::components::layout::use_session;
use crate::components::order_key::OrderKey;
use crate::model::{
    CartCheckout, CurrentUser, MAX_CART_LINES, MAX_QUANTITY, MIN_PASSWORD_LEN, ProductRow,
    Storefront, answer_job_fields, answers_text, money,
};
use crate::shop::api::{CHECK_YOUR_MAIL, Checkout, JoinShop, storefront};

#[component]
pub fn StorePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let store = Resource::new(slug, storefront);
    view! {
        <Title text="Shop" />
        <Transition fallback=|| view! { <p class="muted">"Loading the shop…"</p> }>
            {move || Suspend::new(async move {
                match store.await {
                    Err(e) => view! {
                        <section class="card">
                            <h1>"Shop"</h1>
                            <p class="error" role="alert">{e.to_string()}</p>
                        </section>
                    }
                        .into_any(),
                    Ok(s) => view! { <Store s /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Store(s: Storefront) -> impl IntoView {
    let cart = Cart::new(&s.slug);
    let products = s.products.clone();
    view! {
        <section class="card">
            <h1>{s.company_name.clone()}</h1>
            <p class="muted">"Anyone may look around and fill a cart. Checking out needs an account; you can open one at checkout."</p>
            {if products.is_empty() {
                view! { <p class="muted">"This shop has no products yet."</p> }.into_any()
            } else {
                view! {
                    <div class="products" data-testid="products">
                        {products.into_iter().map(|p| view! { <ShopProduct p cart /> }).collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </section>
        <CartView cart />
        <CheckoutPanel s cart />
    }
}

#[component]
fn ShopProduct(p: ProductRow, cart: Cart) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let copies = RwSignal::new("100".to_string());
    let problem = RwSignal::new(None::<String>);
    let given = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let (id, name, price) = (p.id, p.name.clone(), p.price_cents);
    let fields = StoredValue::new(p.fields.clone());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = title.get_untracked().trim().to_string();
        let quantity = copies.get_untracked().trim().parse::<i32>().ok();
        let full = cart.items.with_untracked(Vec::len) >= MAX_CART_LINES;
        let answered = given.with_untracked(|g| fields.with_value(|f| answer_job_fields(f, g)));
        problem.set(match (quantity, &answered) {
            _ if text.is_empty() => {
                Some("Say what to print, e.g. \u{201c}Shop window poster\u{201d}.".into())
            }
            _ if full => Some(format!("A cart holds at most {MAX_CART_LINES} lines.")),
            (_, Err(why)) => Some(why.clone()),
            (Some(q), _) if (1..=MAX_QUANTITY).contains(&q) => None,
            _ => Some(format!("Order between 1 and {MAX_QUANTITY} copies.")),
        });
        if let (None, Some(quantity), Ok((answers, extra))) =
            (problem.get_untracked(), quantity, answered)
        {
            cart.add(CartItem {
                product_id: id,
                product_name: name.clone(),
                price_cents: price.saturating_add(extra),
                quantity,
                title: text,
                fields: given.get_untracked(),
                answers: answers_text(&answers),
            });
            title.set(String::new());
        }
    };
    view! {
        <article class="product" data-testid="product" data-name=p.name.clone()>
            <h2>{p.name.clone()}</h2>
            <p class="muted">{format!("{} · {} a copy", p.publication_type, money(p.price_cents))}</p>
            <p>{p.description.clone()}</p>
            <form class="stack" on:submit=add>
                <label>
                    "What to print"
                    <input
                        maxlength="200"
                        placeholder="e.g. Shop window poster"
                        prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Copies"
                    <input
                        type="number"
                        min="1"
                        max=MAX_QUANTITY.to_string()
                        prop:value=move || copies.get()
                        on:input=move |ev| copies.set(event_target_value(&ev))
                    />
                </label>
                <JobFieldControls fields=p.fields.clone() given />
                {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
                <button type="submit">"Add to cart"</button>
            </form>
        </article>
    }
}

#[component]
fn CartView(cart: Cart) -> impl IntoView {
    view! {
        <section class="card" aria-label="Cart" data-testid="cart">
            <h2>"Your cart"</h2>
            {move || {
                let items = cart.items.get();
                if items.is_empty() {
                    return view! { <p class="muted">"Your cart is empty."</p> }.into_any();
                }
                view! {
                    <ul class="cart">
                        {items
                            .into_iter()
                            .enumerate()
                            .map(|(i, item)| {
                                let line = money(item.price_cents.saturating_mul(i64::from(item.quantity)));
                                view! {
                                    <li data-testid="cart-line">
                                        <span>
                                            <strong>{item.product_name.clone()}</strong>
                                            {format!(" · {} × “{}” · {line}", item.quantity, item.title)}
                                            {(!item.answers.is_empty()).then(|| view! { <small class="muted" data-testid="cart-fields">{format!(" · {}", item.answers)}</small> })}
                                        </span>
                                        <button type="button" on:click=move |_| cart.remove(i)>"Remove"</button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p>"Total: " <strong data-testid="cart-total">{money(cart.total_cents())}</strong></p>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn CheckoutPanel(s: Storefront, cart: Cart) -> impl IntoView {
    let session = use_session();
    let place = ServerAction::<Checkout>::new();
    let key = OrderKey::new();
    Effect::new(move |_| {
        if matches!(place.value().get(), Some(Ok(_))) {
            cart.items.set(Vec::new());
            key.renew();
        }
    });
    let shop = PublicShop {
        company: CompanyId(s.company_id),
        public: true,
    };
    let slug = s.slug.clone();
    view! {
        <section class="card" data-testid="checkout">
            <h2>"Checkout"</h2>
            <Outcome value=Signal::derive(move || place.value().get()) ok=thanks />
            <Show when=move || place.pending().get()>
                <p class="muted" role="status">"Placing your order…"</p>
            </Show>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {
                    let slug = slug.clone();
                    move || {
                        let slug = slug.clone();
                        Suspend::new(async move {
                            match session.user.await {
                                Ok(Some(user)) => view! { <AsMember user shop slug cart place key /> }.into_any(),
                                Ok(None) => view! { <SignUp slug /> }.into_any(),
                                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            }
                        })
                    }
                }
            </Suspense>
        </section>
    }
}

fn thanks(ids: Vec<i64>) -> String {
    let numbers: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
    format!("Thank you! Your order {} is placed.", numbers.join(", "))
}

/// A signed-in visitor: check out if core lets them order here, offer to
/// join if core lets them become a customer, or say why not.
#[component]
fn AsMember(
    user: CurrentUser,
    shop: PublicShop,
    slug: String,
    cart: Cart,
    place: ServerAction<Checkout>,
    key: OrderKey,
) -> impl IntoView {
    let session = use_session();
    let me = Principal::User(user.principal.clone());
    let order = imprimatur_core::Resource::in_company(ResourceKind::Order, shop.company)
        .with_owner(UserId(user.id));
    let may_order = authorize(&me, Permission::OrdersCreate, &order);
    let join = may_join(&me, &shop);
    if may_order.is_allowed() {
        let check_out = move |_| {
            place.dispatch(Checkout {
                cart: CartCheckout {
                    slug: slug.clone(),
                    lines: cart.lines(),
                    idempotency_key: key.key.get_untracked(),
                },
            });
        };
        view! {
            <p>"You check out as " <strong>{user.display_name.clone()}</strong> "."</p>
            <button
                type="button"
                class="primary"
                on:click=check_out
                disabled=move || place.pending().get() || cart.items.with(Vec::is_empty)
            >
                "Place the order"
            </button>
        }
        .into_any()
    } else if join.is_allowed() {
        view! {
            <p>
                "You are signed in as " <strong>{user.display_name.clone()}</strong>
                ", who does not shop here yet. Become a customer of this shop to check out with your account."
            </p>
            <Outcome value=Signal::derive(move || session.join_shop.value().get()) />
            <button
                type="button"
                class="primary"
                on:click=move |_| { session.join_shop.dispatch(JoinShop { slug: slug.clone() }); }
                disabled=move || session.join_shop.pending().get()
            >
                "Shop here as a customer"
            </button>
        }
            .into_any()
    } else {
        let why = may_order.explain(&imprimatur_core::NumericNames);
        view! { <p class="error" role="alert">{format!("You cannot order in this shop. {why}")}</p> }
            .into_any()
    }
}

/// Nobody signed in: the cart waits while the visitor asks for an account
/// (a Public Customer of this company), finishes one from its mailed link
/// (`?token=`), or signs in.
#[component]
fn SignUp(slug: String) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    if let Some(token) = query.read_untracked().get("token") {
        return view! { <FinishSignUp slug token /> }.into_any();
    }
    let back = format!("/sign-in?next=/store/{slug}");
    let session = use_session();
    let sign_up = session.shop_sign_up;
    view! {
        <p>"Checking out needs an account. Your cart stays here while you open one."</p>
        <ActionForm action=sign_up attr:class="stack" attr:aria-label="Open an account">
            <input type="hidden" name="slug" value=slug />
            <label>"Your name" <input name="name" required maxlength="200" autocomplete="name" /></label>
            <label>"E-mail address" <input name="email" type="email" required autocomplete="email" /></label>
            <label>
                {format!("Choose a password (at least {MIN_PASSWORD_LEN} characters)")}
                <input name="password" type="password" required minlength=MIN_PASSWORD_LEN autocomplete="new-password" />
            </label>
            <Outcome value=Signal::derive(move || sign_up.value().get()) ok=check_your_mail />
            <button type="submit" class="primary" disabled=move || sign_up.pending().get()>
                "Open my account"
            </button>
        </ActionForm>
        <p class="muted">
            "Already have an account? "
            <a href=back data-testid="sign-in-to-shop">"Sign in"</a>
            " and you come back to this cart."
        </p>
    }
    .into_any()
}

fn check_your_mail(_: ()) -> String {
    CHECK_YOUR_MAIL.to_string()
}

/// The mailed link of an account asked for here: the password chosen then
/// finishes it. Opening the link alone changes nothing.
#[component]
fn FinishSignUp(slug: String, token: String) -> impl IntoView {
    let finish = use_session().finish_shop_sign_up;
    view! {
        <p>"Finish opening your account: give the password you chose."</p>
        <ActionForm action=finish attr:class="stack" attr:aria-label="Finish opening your account">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="token" value=token />
            <label>
                "Your password"
                <input name="password" type="password" required autocomplete="current-password" />
            </label>
            <Outcome value=Signal::derive(move || finish.value().get()) />
            <button type="submit" class="primary" disabled=move || finish.pending().get()>
                "Finish opening my account"
            </button>
        </ActionForm>
    }
}
