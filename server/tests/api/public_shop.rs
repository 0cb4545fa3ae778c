//! A public company's shop over HTTP, on SQLite and PostgreSQL: anyone
//! browses; checkout needs an account; opening one there makes a Public
//! Customer of that company; a member of another company may join; the
//! cart's key makes a repeated checkout return the same orders.

use crate::common::{TestApp, backends, browser, spawn};
use imprimatur_server::db::entities::{order, product, role_assignment, user};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn product_id(app: &TestApp, company: &str, name: &str) -> i64 {
    let company = app.company_id(company).await;
    product::Entity::find()
        .filter(product::Column::CompanyId.eq(company))
        .filter(product::Column::Name.eq(name))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no product {name}"))
        .id
}

fn sign_up_form<'a>(slug: &'a str, email: &'a str, password: &'a str) -> [(&'a str, &'a str); 4] {
    [
        ("slug", slug),
        ("name", "Petra Public"),
        ("email", email),
        ("password", password),
    ]
}

const PASSWORD: &str = "long enough password";

/// Ask for an account at Shoply and finish it from the mailed link, with
/// the password chosen: `b` is then signed in.
async fn open_account(app: &TestApp, b: &reqwest::Client, email: &str) {
    let form = sign_up_form("shoply", email, PASSWORD);
    assert_eq!(app.status_of(b, "/api/shop_sign_up", &form).await, 200);
    let token = app.token_mailed_to(email).await;
    let finish = [
        ("slug", "shoply"),
        ("token", &token),
        ("password", PASSWORD),
    ];
    assert_eq!(
        app.status_of(b, "/api/finish_shop_sign_up", &finish).await,
        200
    );
}

/// Posts a cart; the status and the order numbers it answered with.
async fn checkout(
    app: &TestApp,
    b: &reqwest::Client,
    lines: &[(i64, i32, &str)],
    key: &str,
) -> (u16, Vec<i64>) {
    let lines: Vec<serde_json::Value> = lines
        .iter()
        .map(|(p, q, t)| serde_json::json!({ "product_id": p, "quantity": q, "title": t }))
        .collect();
    let res = app
        .post_as(b, "/api/checkout")
        .json(&serde_json::json!({ "cart": {
            "slug": "shoply", "lines": lines, "idempotency_key": key,
        }}))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let ids = res.json::<Vec<i64>>().await.unwrap_or_default();
    (status, ids)
}

async fn orders(app: &TestApp) -> u64 {
    order::Entity::find().count(&app.db.read).await.unwrap()
}

#[tokio::test]
async fn a_visitor_browses_opens_an_account_at_checkout_and_orders_as_a_public_customer() {
    for backend in backends() {
        let app = spawn(backend).await;
        let visitor = browser();

        // Anyone sees the public shop's products; a closed company's shop
        // and a malformed address look the same: there is none.
        let shop = app
            .json_from_form(&visitor, "/api/storefront", &[("slug", "shoply")])
            .await;
        let names: Vec<&str> = shop["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Poster A1", "Sticker sheet"], "{backend:?}");
        for slug in ["acme", "no-such-shop", "Bad Slug!"] {
            assert_eq!(
                app.status_of(&visitor, "/api/storefront", &[("slug", slug)])
                    .await,
                404,
                "{backend:?} {slug}"
            );
        }

        // Checkout needs an account.
        let poster = product_id(&app, "shoply", "Poster A1").await;
        let stickers = product_id(&app, "shoply", "Sticker sheet").await;
        let cart = [
            (poster, 2, "Window poster"),
            (stickers, 50, "Logo stickers"),
        ];
        assert_eq!(
            checkout(&app, &visitor, &cart, "cart-key-0001").await.0,
            401
        );

        // Bad input changes nothing.
        let users = user::Entity::find().count(&app.db.read).await.unwrap();
        let email = "petra@example.test";
        for (form, status) in [
            (sign_up_form("shoply", email, "short"), 422),
            (
                sign_up_form("shoply", "not-an-address", "long enough password"),
                422,
            ),
            (sign_up_form("acme", email, "long enough password"), 404),
        ] {
            assert_eq!(
                app.status_of(&visitor, "/api/shop_sign_up", &form).await,
                status,
                "{backend:?} {form:?}"
            );
        }
        assert_eq!(
            user::Entity::find().count(&app.db.read).await.unwrap(),
            users
        );

        // Opening an account, finished from the mailed link, signs the
        // visitor in as a Public Customer of the shop's company, and nothing more.
        open_account(&app, &visitor, email).await;
        let petra = app.user_id(email).await;
        let roles: Vec<(String, Option<i64>)> = role_assignment::Entity::find()
            .filter(role_assignment::Column::UserId.eq(petra))
            .all(&app.db.read)
            .await
            .unwrap()
            .into_iter()
            .map(|a| (a.role, a.company_id))
            .collect();
        assert_eq!(
            roles,
            [(
                "public_customer".to_string(),
                Some(app.company_id("shoply").await)
            )]
        );
        assert_eq!(app.audit_count("shop.signed_up", "ok").await, 1);
        let welcome = app.last_mail_to(email).await.expect("a welcome message");
        assert_eq!(welcome.subject, "Welcome to Shoply Public Shop");
        assert!(welcome.body.contains("/jobs"), "{}", welcome.body);
        // Signed in, she cannot open a second account from this browser.
        let again = sign_up_form("shoply", "petra2@example.test", "long enough password");
        assert_eq!(
            app.status_of(&visitor, "/api/shop_sign_up", &again).await,
            409
        );

        // Another company's product is not sold here; bad lines change nothing.
        let cards = product_id(&app, "acme", "Business cards").await;
        let before = orders(&app).await;
        assert_eq!(
            checkout(
                &app,
                &visitor,
                &[(poster, 1, "x"), (cards, 1, "y")],
                "cart-key-0002"
            )
            .await
            .0,
            404
        );
        assert_eq!(
            checkout(
                &app,
                &visitor,
                &[(poster, 1, "x"), (poster, 0, "y")],
                "cart-key-0003"
            )
            .await
            .0,
            422
        );
        assert_eq!(checkout(&app, &visitor, &[], "cart-key-0004").await.0, 422);
        assert_eq!(orders(&app).await, before);

        // The cart becomes one order per line; the same cart and key again
        // returns the same orders, and the key with another cart is refused.
        let (status, ids) = checkout(&app, &visitor, &cart, "cart-key-0005").await;
        assert_eq!(status, 200, "{backend:?}");
        assert_eq!(ids.len(), 2);
        assert_eq!(
            checkout(&app, &visitor, &cart, "cart-key-0005").await,
            (200, ids.clone())
        );
        let other = [
            (poster, 3, "Window poster"),
            (stickers, 50, "Logo stickers"),
        ];
        assert_eq!(
            checkout(&app, &visitor, &other, "cart-key-0005").await.0,
            409
        );
        assert_eq!(orders(&app).await, before + 2);
        let placed = order::Entity::find_by_id(ids[0])
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(placed.owner_id, petra);
        assert_eq!(placed.title, "Window poster");
        // The shop needs no approval: the order is approved as placed.
        assert_eq!(placed.state, "approved", "{backend:?}");
        // A Public Customer orders and approves her own, nothing more: no
        // overview of print jobs (PrintShop Mail Web).
        let form = [
            ("query[text]", ""),
            ("query[state]", ""),
            ("query[from]", ""),
            ("query[to]", ""),
        ];
        assert_eq!(
            app.status_of(&visitor, "/api/list_orders", &form).await,
            403
        );
    }
}

#[tokio::test]
async fn a_member_of_another_company_joins_a_public_shop_once_and_a_closed_one_never() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let poster = product_id(&app, "shoply", "Poster A1").await;
        let cart = [(poster, 1, "Fair poster")];
        // Not a customer there yet: the shop's products are not hers to order.
        assert_eq!(checkout(&app, &cus, &cart, "cus-cart-0001").await.0, 404);
        assert_eq!(
            app.status_of(&cus, "/api/join_shop", &[("slug", "globex")])
                .await,
            404,
            "{backend:?}"
        );
        assert_eq!(
            app.status_of(&cus, "/api/join_shop", &[("slug", "shoply")])
                .await,
            200
        );
        // Core: she holds a role there now.
        assert_eq!(
            app.status_of(&cus, "/api/join_shop", &[("slug", "shoply")])
                .await,
            403
        );
        assert_eq!(app.audit_count("shop.joined", "ok").await, 1);
        let (status, ids) = checkout(&app, &cus, &cart, "cus-cart-0001").await;
        assert_eq!((status, ids.len()), (200, 1), "{backend:?}");
        // Her Acme orders and roles are untouched: she still sees Acme's shop.
        let products = app.json_from(&cus, "/api/catalog").await;
        let companies: std::collections::BTreeSet<&str> = products
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["company_name"].as_str().unwrap())
            .collect();
        assert!(companies.contains("Acme Print Buyers"), "{companies:?}");
        assert!(companies.contains("Shoply Public Shop"), "{companies:?}");
    }
}

#[tokio::test]
async fn one_client_address_opens_at_most_ten_accounts_an_hour() {
    for backend in backends() {
        let app = spawn(backend).await;
        for i in 0..10 {
            let email = format!("visitor{i}@example.test");
            let form = sign_up_form("shoply", &email, "long enough password");
            let status = app.status_of(&browser(), "/api/shop_sign_up", &form).await;
            assert_eq!(status, 200, "{backend:?} sign-up {i}");
        }
        let users = user::Entity::find().count(&app.db.read).await.unwrap();
        let form = sign_up_form("shoply", "visitor10@example.test", "long enough password");
        let (status, answer) = app.answer_to(&browser(), "/api/shop_sign_up", &form).await;
        assert_eq!(status, 429, "{backend:?}");
        assert!(answer.to_string().contains("Too many accounts"), "{answer}");
        assert_eq!(
            user::Entity::find().count(&app.db.read).await.unwrap(),
            users
        );
        assert!(app.last_mail_to("visitor10@example.test").await.is_none());
    }
}

#[tokio::test]
async fn a_cart_lines_job_fields_are_checked_priced_and_recorded_at_checkout() {
    for backend in backends() {
        let app = spawn(backend).await;
        let stickers = product_id(&app, "shoply", "Sticker sheet").await;
        let visitor = browser();
        open_account(&app, &visitor, "fields@example.test").await;
        let post = |shape: &'static str, key: &'static str| {
            app.post_as(&visitor, "/api/checkout")
                .json(&serde_json::json!({ "cart": {
                    "slug": "shoply",
                    "lines": [{ "product_id": stickers, "quantity": 50, "title": "Logo stickers",
                                "fields": { "0": shape } }],
                    "idempotency_key": key,
                }}))
                .send()
        };
        let before = orders(&app).await;
        let refused = post("Hexagon", "cart-key-fields-1").await.unwrap();
        assert_eq!(refused.status().as_u16(), 422, "{backend:?}");
        let why = refused.text().await.unwrap();
        assert!(
            why.contains("\u{201c}Logo stickers\u{201d}: Choose one of the offered choices"),
            "{why}"
        );
        assert_eq!(orders(&app).await, before, "nothing written");
        let placed = post("Square", "cart-key-fields-2").await.unwrap();
        assert_eq!(placed.status().as_u16(), 200, "{backend:?}");
        let id = placed.json::<Vec<i64>>().await.unwrap()[0];
        let row = order::Entity::find_by_id(id)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.price_cents, 50 * (300 + 20));
        assert!(row.job_answers.contains("Square"), "{}", row.job_answers);
    }
}

async fn sign_up_answer(app: &TestApp, email: &str) -> (u16, String) {
    let res = app
        .post_as(&browser(), "/api/shop_sign_up")
        .header("accept", "application/json")
        .form(&sign_up_form("shoply", email, PASSWORD))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let cookie = res.headers().get("set-cookie").is_some();
    (
        status,
        format!("cookie: {cookie}, {}", res.text().await.unwrap()),
    )
}

#[tokio::test]
async fn a_sign_up_answers_alike_for_an_address_with_an_account_and_a_fresh_one() {
    for backend in backends() {
        let app = spawn(backend).await;
        let users = user::Entity::find().count(&app.db.read).await.unwrap();
        let taken = sign_up_answer(&app, "cus@acme.test").await;
        let fresh = sign_up_answer(&app, "fresh@example.test").await;
        assert_eq!(taken, fresh, "{backend:?}");
        assert_eq!(taken.0, 200);
        // The holder is told, and her account is neither doubled nor changed.
        let notice = app.last_mail_to("cus@acme.test").await.expect("a notice");
        assert!(
            notice.body.contains("no second one was opened"),
            "{}",
            notice.body
        );
        assert_eq!(
            app.sign_in("cus@acme.test", "imprimatur-demo")
                .await
                .status(),
            200
        );
        assert_eq!(
            user::Entity::find().count(&app.db.read).await.unwrap(),
            users + 1
        );
        // The fresh address cannot sign in before it finishes from its link.
        let early = app.sign_in("fresh@example.test", PASSWORD).await.status();
        assert!(early.is_client_error(), "{early}");
    }
}

#[tokio::test]
async fn a_sign_up_link_finishes_only_with_the_password_chosen_and_only_once() {
    for backend in backends() {
        let app = spawn(backend).await;
        let email = "finisher@example.test";
        let form = sign_up_form("shoply", email, PASSWORD);
        assert_eq!(
            app.status_of(&browser(), "/api/shop_sign_up", &form).await,
            200
        );
        let token = app.token_mailed_to(email).await;
        let finish = |password: &'static str| {
            [
                ("slug", "shoply".to_string()),
                ("token", token.clone()),
                ("password", password.to_string()),
            ]
        };
        let someone = browser();
        assert_eq!(
            app.status_of(
                &someone,
                "/api/finish_shop_sign_up",
                &finish("not the password at all")
            )
            .await,
            403,
            "{backend:?}"
        );
        assert_eq!(app.audit_count("shop.signed_up", "ok").await, 0);
        let owner = browser();
        assert_eq!(
            app.status_of(&owner, "/api/finish_shop_sign_up", &finish(PASSWORD))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&browser(), "/api/finish_shop_sign_up", &finish(PASSWORD))
                .await,
            404
        );
        assert_eq!(app.sign_in(email, PASSWORD).await.status(), 200);
    }
}
