//! Stock (PrintJob) over HTTP, on SQLite and PostgreSQL: managers order
//! replenishments within their reach, shipping a job takes its copies off
//! the shelf (never below zero, even when two ship at once), and shipping a
//! replenishment puts them on.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{order, product};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn product(app: &TestApp, name: &str) -> product::Model {
    app.product_named(name).await
}

async fn shelf(app: &TestApp, name: &str) -> Option<i64> {
    product(app, name).await.stock_on_hand
}

fn refill_form(product: i64, copies: &str, key: &str) -> [(&'static str, String); 3] {
    [
        ("product_id", product.to_string()),
        ("quantity", copies.to_string()),
        ("idempotency_key", key.to_string()),
    ]
}

/// Status and answer of a replenishment request.
async fn refill(
    app: &TestApp,
    b: &reqwest::Client,
    form: &[(&str, String)],
) -> (u16, serde_json::Value) {
    app.answer_to(b, "/api/replenish_stock", form).await
}

async fn ship(app: &TestApp, b: &reqwest::Client, id: i64) -> u16 {
    app.status_of(
        b,
        "/api/change_job_status",
        &[("order_id", id.to_string()), ("change", "ship".to_string())],
    )
    .await
}

async fn low_stock_mails(app: &TestApp) -> u64 {
    use imprimatur_server::db::entities::mail;
    mail::Entity::find()
        .filter(mail::Column::Subject.eq("Low stock: Expense claim pad"))
        .count(&app.db.read)
        .await
        .unwrap()
}

async fn orders(app: &TestApp) -> u64 {
    order::Entity::find().count(&app.db.read).await.unwrap()
}

/// An approved order of `copies` for `product` owned by `email`, placed
/// through the storefront (Globex's orders need approval, so Sam approves).
async fn approved_order(app: &TestApp, email: &str, product: i64, copies: i32) -> i64 {
    let b = app.signed_in_browser(email).await;
    let form = [
        ("order[product_id]", product.to_string()),
        ("order[quantity]", copies.to_string()),
        ("order[title]", format!("{copies} for {email}")),
        ("order[approvers]", String::new()),
        ("order[idempotency_key]", String::new()),
    ];
    let res = app
        .post_as(&b, "/api/place_order")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "{email} orders");
    let id = res.json::<i64>().await.unwrap();
    let sam = app.signed_in_browser("sam@globex.test").await;
    let decided = app
        .status_of(
            &sam,
            "/api/decide_order",
            &[
                ("order_id", id.to_string()),
                ("approve", "true".to_string()),
                ("comment", String::new()),
            ],
        )
        .await;
    assert_eq!(decided, 200, "Sam approves #{id}");
    id
}

#[tokio::test]
async fn managers_order_stock_replenishments_only_within_their_reach() {
    for backend in backends() {
        let app = spawn(backend).await;
        let letterhead = product(&app, "Letterhead").await;
        let pads = product(&app, "Expense claim pad").await;
        let report = product(&app, "Annual report").await;
        let sam = app.signed_in_browser("sam@globex.test").await;
        let dan = app.signed_in_browser("dan@globex.test").await;
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        let before = orders(&app).await;

        // Bad input is refused and writes nothing.
        for (form, want) in [
            (refill_form(letterhead.id, "0", ""), 422),
            (refill_form(letterhead.id, "100001", ""), 422),
            (refill_form(letterhead.id, "10", "bad key"), 422),
            (refill_form(999_999, "10", ""), 404),
            // Printed to order: there is no shelf to fill.
            (refill_form(report.id, "10", ""), 422),
        ] {
            let (status, body) = refill(&app, &sam, &form).await;
            assert_eq!(status, want, "{backend:?} {form:?}: {body}");
        }
        let (_, body) = refill(&app, &sam, &refill_form(report.id, "10", "")).await;
        assert!(body.to_string().contains("printed to order"), "{body}");
        // A client user orders print jobs but not stock.
        assert_eq!(
            refill(&app, &cliff, &refill_form(pads.id, "10", ""))
                .await
                .0,
            403
        );
        // Dan manages Finance: its pads, not the company-wide letterhead.
        assert_eq!(
            refill(&app, &dan, &refill_form(letterhead.id, "10", ""))
                .await
                .0,
            403
        );
        assert_eq!(orders(&app).await, before, "{backend:?}: nothing written");

        let (status, id) =
            refill(&app, &dan, &refill_form(pads.id, "200", "dan-refill-0001")).await;
        assert_eq!(status, 200, "{backend:?}: {id}");
        let id = id.as_i64().unwrap();
        // The same key is the same job; with other copies it is refused.
        assert_eq!(
            refill(&app, &dan, &refill_form(pads.id, "200", "dan-refill-0001"))
                .await
                .1,
            id
        );
        assert_eq!(
            refill(&app, &dan, &refill_form(pads.id, "300", "dan-refill-0001"))
                .await
                .0,
            409
        );
        let job = order::Entity::find_by_id(id)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert!(job.replenishes);
        assert_eq!(
            job.state, "approved",
            "a manager's replenishment needs no approval"
        );
        assert_eq!(job.department_id, pads.department_id);
        assert_eq!(job.price_cents, 200 * pads.price_cents);
        assert_eq!(app.audit_count("order.replenishment", "ok").await, 1);
        // Sam reaches the whole company.
        assert_eq!(
            refill(&app, &sam, &refill_form(letterhead.id, "500", ""))
                .await
                .0,
            200
        );
        // It is not re-ordered as a print job.
        let again = app
            .status_of(
                &dan,
                "/api/reorder",
                &[
                    ("order_id", id.to_string()),
                    ("idempotency_key", String::new()),
                ],
            )
            .await;
        assert_eq!(again, 422, "{backend:?}");
        assert_eq!(
            shelf(&app, "Expense claim pad").await,
            Some(30),
            "ordering moves no stock"
        );
    }
}

#[tokio::test]
async fn shipping_takes_copies_off_the_shelf_and_a_replenishment_puts_them_on() {
    for backend in backends() {
        let app = spawn(backend).await;
        let pads = product(&app, "Expense claim pad").await;
        let report = product(&app, "Annual report").await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let dan = app.signed_in_browser("dan@globex.test").await;
        assert_eq!(pads.stock_on_hand, Some(30));

        let small = approved_order(&app, "cliff@globex.test", pads.id, 20).await;
        let large = approved_order(&app, "cliff@globex.test", pads.id, 40).await;
        assert_eq!(ship(&app, &admin, small).await, 200, "{backend:?}");
        assert_eq!(shelf(&app, "Expense claim pad").await, Some(10));
        // 30 → 10 crosses the low level of 20: Globex's members who may
        // refill Finance's pads are told (its Department Manager and Senior
        // Manager), the orderer is not.
        for email in ["dan@globex.test", "sam@globex.test"] {
            let m = app.last_mail_to(email).await.expect("a message");
            assert_eq!(m.subject, "Low stock: Expense claim pad", "{email}");
            assert!(m.body.contains("Only 10 copies"), "{}", m.body);
        }
        assert_eq!(low_stock_mails(&app).await, 2);
        assert!(
            !app.last_mail_to("cliff@globex.test")
                .await
                .is_some_and(|m| m.subject.starts_with("Low stock"))
        );
        let warned = low_stock_mails(&app).await;
        // 40 do not fit on a shelf of 10: refused, and nothing moves.
        let res = app
            .post_as(&admin, "/api/change_job_status")
            .form(&[
                ("order_id", large.to_string()),
                ("change", "ship".to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 409, "{backend:?}");
        let text = res.text().await.unwrap();
        assert!(
            text.contains("Only 10 copies of Expense claim pad"),
            "{text}"
        );
        assert_eq!(shelf(&app, "Expense claim pad").await, Some(10));
        let still = order::Entity::find_by_id(large)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            still.state, "approved",
            "{backend:?}: the job waits for stock"
        );

        let (status, refill_id) = refill(&app, &dan, &refill_form(pads.id, "100", "")).await;
        assert_eq!(status, 200);
        assert_eq!(ship(&app, &admin, refill_id.as_i64().unwrap()).await, 200);
        assert_eq!(shelf(&app, "Expense claim pad").await, Some(110));
        assert_eq!(ship(&app, &admin, large).await, 200, "{backend:?}");
        assert_eq!(shelf(&app, "Expense claim pad").await, Some(70));
        // Shipments that stay above the level (and refills) warn nobody.
        assert_eq!(low_stock_mails(&app).await, warned);

        // Printed to order: shipping moves no shelf.
        let printed = approved_order(&app, "cliff@globex.test", report.id, 5).await;
        assert_eq!(ship(&app, &admin, printed).await, 200);
        assert_eq!(shelf(&app, "Annual report").await, None);
        assert_eq!(app.audit_count("order.shipped", "ok").await, 4);
    }
}

#[tokio::test]
async fn two_jobs_shipping_at_once_never_take_the_same_copies() {
    for backend in backends() {
        let app = spawn(backend).await;
        let pads = product(&app, "Expense claim pad").await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        for trial in 0..5 {
            // Each trial: a shelf of 30, two jobs of 20 shipped side by side.
            let now = shelf(&app, "Expense claim pad").await.unwrap();
            if now < 30 {
                let dan = app.signed_in_browser("dan@globex.test").await;
                let (_, id) = refill(
                    &app,
                    &dan,
                    &refill_form(pads.id, &(30 - now).to_string(), ""),
                )
                .await;
                assert_eq!(ship(&app, &admin, id.as_i64().unwrap()).await, 200);
            }
            assert_eq!(shelf(&app, "Expense claim pad").await, Some(30));
            let a = approved_order(&app, "cliff@globex.test", pads.id, 20).await;
            let b = approved_order(&app, "cliff@globex.test", pads.id, 20).await;
            let (x, y) = tokio::join!(ship(&app, &admin, a), ship(&app, &admin, b));
            let mut got = [x, y];
            got.sort_unstable();
            assert_eq!(got, [200, 409], "{backend:?} trial {trial}");
            assert_eq!(
                shelf(&app, "Expense claim pad").await,
                Some(10),
                "{backend:?} trial {trial}"
            );
        }
    }
}
