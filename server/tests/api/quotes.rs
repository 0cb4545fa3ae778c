//! Quotes over HTTP, on SQLite and PostgreSQL: requested by customers,
//! priced once by the quote manager, turned into exactly one order at the
//! quoted price, and listed exactly as `core` allows.

use crate::common::{TestApp, backends, spawn};
use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Resource, ResourceKind, UserId, authorize, visibility,
};
use imprimatur_server::db::entities::{order, product, quote};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn product_id(app: &TestApp, name: &str) -> i64 {
    product::Entity::find()
        .filter(product::Column::Name.eq(name))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn ask(product: i64, title: &str, copies: &str, note: &str) -> Vec<(&'static str, String)> {
    vec![
        ("quote[product_id]", product.to_string()),
        ("quote[quantity]", copies.to_string()),
        ("quote[title]", title.to_string()),
        ("quote[note]", note.to_string()),
    ]
}

fn price(id: i64, euros: &str) -> [(&'static str, String); 3] {
    [
        ("quote_id", id.to_string()),
        ("price", euros.to_string()),
        ("note", "Includes delivery".to_string()),
    ]
}

fn accept(id: i64, key: &str) -> [(&'static str, String); 2] {
    [
        ("quote_id", id.to_string()),
        ("idempotency_key", key.to_string()),
    ]
}

async fn listed(app: &TestApp, b: &reqwest::Client, manage: bool) -> Result<Vec<i64>, u16> {
    let form = [("manage", manage.to_string()), ("state", String::new())];
    let res = app
        .post_as(b, "/api/list_quotes")
        .form(&form)
        .send()
        .await
        .unwrap();
    if res.status() != 200 {
        return Err(res.status().as_u16());
    }
    let v: serde_json::Value = res.json().await.unwrap();
    Ok(v.as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect())
}

async fn stored(app: &TestApp, id: i64) -> quote::Model {
    quote::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_priced_quote_is_answered_once_and_becomes_exactly_one_order_at_its_price() {
    for backend in backends() {
        let app = spawn(backend).await;
        let flyer = product_id(&app, "Sales flyer A5").await;
        let poster = product_id(&app, "Event poster A2").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let cora = app.signed_in_browser("cora@acme.test").await;
        let junior = app.signed_in_browser("junior@imprimatur.test").await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let sam = app.signed_in_browser("sam@globex.test").await;

        // Bad requests are refused and write nothing.
        let long = "x".repeat(2_001);
        for (form, want) in [
            (ask(flyer, "Flyer", "0", ""), 422),
            (ask(flyer, " ", "100", ""), 422),
            (ask(flyer, "Flyer", "100", &long), 422),
            (ask(poster, "Not built for Sales", "100", ""), 404),
            (ask(999_999, "No such product", "100", ""), 404),
        ] {
            assert_eq!(
                app.status_of(&cus, "/api/request_quote", &form).await,
                want,
                "{backend:?} {form:?}"
            );
        }
        assert_eq!(quote::Entity::find().count(&app.db.read).await.unwrap(), 0);

        let form = ask(
            flyer,
            "Trade fair flyer",
            "5000",
            "Matt laminated, by 1 December",
        );
        let res = app
            .post_as(&cus, "/api/request_quote")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{backend:?}");
        let id: i64 = res.json().await.unwrap();
        assert_eq!(stored(&app, id).await.state, "requested");

        // Who sees it: the requester and the quote managers for Acme.
        assert_eq!(listed(&app, &cus, false).await, Ok(vec![id]));
        assert_eq!(listed(&app, &cora, false).await, Ok(vec![]));
        assert_eq!(listed(&app, &sam, false).await, Ok(vec![]));
        assert_eq!(listed(&app, &cus, true).await, Err(403));
        assert_eq!(listed(&app, &junior, true).await, Ok(vec![id]));
        assert_eq!(listed(&app, &admin, true).await, Ok(vec![id]));

        // Not priced yet: nothing to order. Customers cannot price.
        assert_eq!(
            app.status_of(&cus, "/api/accept_quote", &accept(id, "first-key-1"))
                .await,
            409
        );
        assert_eq!(
            app.status_of(&cus, "/api/answer_quote", &price(id, "10"))
                .await,
            403
        );
        assert_eq!(
            app.status_of(&cora, "/api/decline_quote", &[("quote_id", id)])
                .await,
            404
        );
        for bad in ["", "abc", "-5", "0", "12.345", "2000000"] {
            assert_eq!(
                app.status_of(&junior, "/api/answer_quote", &price(id, bad))
                    .await,
                422,
                "{bad:?}"
            );
        }
        assert_eq!(stored(&app, id).await.state, "requested");

        // Two managers answer at once: one price lands, the other gets 409.
        let (by_junior, by_admin) = (price(id, "1234"), price(id, "149,50"));
        let (a, b) = tokio::join!(
            app.status_of(&junior, "/api/answer_quote", &by_junior),
            app.status_of(&admin, "/api/answer_quote", &by_admin),
        );
        let mut answers = [a, b];
        answers.sort_unstable();
        assert_eq!(answers, [200, 409], "{backend:?}");
        let priced = stored(&app, id).await;
        assert_eq!(priced.state, "answered");
        assert!(
            matches!(priced.price_cents, Some(123_400 | 14_950)),
            "{priced:?}"
        );
        let mail = app.last_mail_to("cus@acme.test").await.unwrap();
        assert_eq!(mail.subject, format!("Your quote #{id} is priced"));
        assert_eq!(app.audit_count("quote.answered", "ok").await, 1);

        // The order is the requester's: a manager cannot order it for her.
        assert_eq!(
            app.status_of(&junior, "/api/accept_quote", &accept(id, "junior-key"))
                .await,
            403
        );

        // Eight accepts with different keys race: exactly one order.
        let tries = (0..8).map(|n| {
            let form = accept(id, &format!("race-key-{n}"));
            let cus = &cus;
            let app = &app;
            async move { app.status_of(cus, "/api/accept_quote", &form).await }
        });
        let mut answers = futures::future::join_all(tries).await;
        answers.sort_unstable();
        assert_eq!(
            answers,
            [200, 409, 409, 409, 409, 409, 409, 409],
            "{backend:?}"
        );
        let ordered = stored(&app, id).await;
        assert_eq!(ordered.state, "accepted");
        let orders = order::Entity::find()
            .filter(order::Column::Title.eq("Trade fair flyer"))
            .all(&app.db.read)
            .await
            .unwrap();
        assert_eq!(orders.len(), 1, "{backend:?}");
        let placed = &orders[0];
        assert_eq!(ordered.order_id, Some(placed.id));
        assert_eq!(
            (placed.quantity, Some(placed.price_cents)),
            (5000, priced.price_cents)
        );
        // It follows the company's rules: it waits for approval.
        assert_eq!(placed.state, "awaiting_approval");
        // A retry of the winning submit is told which order it became.
        let winner = placed.idempotency_key.clone().unwrap();
        let again = app
            .post_as(&cus, "/api/accept_quote")
            .form(&accept(id, &winner))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 409);
        let said = again.text().await.unwrap();
        assert!(
            said.contains(&format!("ordered already as #{}", placed.id)),
            "{said}"
        );
        assert_eq!(
            app.status_of(&cus, "/api/decline_quote", &[("quote_id", id)])
                .await,
            409
        );

        // Declining: the requester withdraws a second request; it is closed for good.
        let res = app
            .post_as(&cus, "/api/request_quote")
            .form(&ask(flyer, "Maybe", "10", ""))
            .send()
            .await
            .unwrap();
        let other: i64 = res.json().await.unwrap();
        let paul = app.signed_in_browser("paul@acme.test").await;
        let by_paul = app
            .status_of(&paul, "/api/decline_quote", &[("quote_id", other)])
            .await;
        assert_eq!(by_paul, 404);
        assert_eq!(
            app.status_of(&cus, "/api/decline_quote", &[("quote_id", other)])
                .await,
            200
        );
        assert_eq!(stored(&app, other).await.state, "declined");
        assert_eq!(
            app.status_of(&junior, "/api/answer_quote", &price(other, "5"))
                .await,
            409
        );
        assert_eq!(
            app.status_of(&cus, "/api/decline_quote", &[("quote_id", other)])
                .await,
            409
        );
    }
}

/// Quotes in every customer company and department, by many owners, in
/// every state.
async fn fill(app: &TestApp) {
    let places = app.customer_places().await;
    let people = app.everyone().await;
    let states = ["requested", "answered", "accepted", "declined"];
    for i in 0..240 {
        let (c, d, p) = places[i % places.len()];
        let owner = people[(i / 2) % people.len()];
        let d = d.map_or("NULL".to_string(), |d| d.to_string());
        let state = states[i % states.len()];
        app.db
            .writer()
            .execute_unprepared(&format!(
                "INSERT INTO quotes (company_id, department_id, owner_id, product_id, title, quantity, note, state, created_at, updated_at) \
                 VALUES ({c}, {d}, {owner}, {p}, 'Quote {i}', 10, '', '{state}', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z')"
            ))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn every_members_quote_lists_hold_exactly_the_newest_quotes_core_allows() {
    for backend in backends() {
        let app = spawn(backend).await;
        fill(&app).await;
        let mut all = quote::Entity::find().all(&app.db.read).await.unwrap();
        all.sort_by_key(|q| std::cmp::Reverse(q.id));
        let resources: Vec<(i64, Resource)> = all
            .iter()
            .map(|q| {
                let r = Resource::in_company(ResourceKind::Quote, CompanyId(q.company_id))
                    .with_id(q.id)
                    .with_owner(UserId(q.owner_id));
                let r = match q.department_id {
                    Some(d) => r.with_department(DepartmentId(d)),
                    None => r,
                };
                (q.id, r)
            })
            .collect();
        let mut nonempty = 0;
        for (email, me) in app.demo_people().await {
            let b = app.signed_in_browser(&email).await;
            for (manage, permission) in [
                (false, Permission::QuotesView),
                (true, Permission::QuotesManage),
            ] {
                let got = listed(&app, &b, manage).await;
                if visibility(&me, permission, ResourceKind::Quote) == imprimatur_core::Filter::None
                {
                    assert_eq!(got, Err(403), "{backend:?} {email} manage={manage}");
                    continue;
                }
                let want: Vec<i64> = resources
                    .iter()
                    .filter(|(_, r)| authorize(&me, permission, r).is_allowed())
                    .map(|(id, _)| *id)
                    .take(50)
                    .collect();
                nonempty += usize::from(!want.is_empty());
                assert_eq!(got, Ok(want), "{backend:?} {email} manage={manage}");
            }
        }
        assert!(
            nonempty >= 8,
            "{backend:?}: only {nonempty} non-empty lists compared"
        );
    }
}

fn edit(id: i64, title: &str, copies: i32) -> [(&'static str, String); 3] {
    [
        ("order_id", id.to_string()),
        ("title", title.to_string()),
        ("quantity", copies.to_string()),
    ]
}

async fn job(app: &TestApp, id: i64) -> order::Model {
    order::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_job_ordered_from_a_quote_keeps_its_quoted_total_and_its_copies_when_edited() {
    for backend in backends() {
        let app = spawn(backend).await;
        let flyer = product_id(&app, "Sales flyer A5").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let junior = app.signed_in_browser("junior@imprimatur.test").await;
        // €500 for 100,000 copies: half a cent a copy, which no per-copy
        // price in whole cents can carry.
        let (status, id) = app
            .answer_to(
                &cus,
                "/api/request_quote",
                &ask(flyer, "Mailing flyer", "100000", ""),
            )
            .await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let quote_id = id.as_i64().unwrap();
        assert_eq!(
            app.status_of(&junior, "/api/answer_quote", &price(quote_id, "500"))
                .await,
            200
        );
        let (status, id) = app
            .answer_to(&cus, "/api/accept_quote", &accept(quote_id, "quoted-key-1"))
            .await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let id = id.as_i64().unwrap();
        let quoted = job(&app, id).await;
        assert_eq!((quoted.quantity, quoted.price_cents), (100_000, 50_000));

        // Other copies need a new quote: refused plainly, nothing changes.
        let (status, answer) = app
            .answer_to(&cus, "/api/edit_order", &edit(id, "Mailing flyer", 99_999))
            .await;
        assert_eq!(status, 422, "{backend:?} {answer}");
        assert!(answer.to_string().contains("new quote"), "{answer}");
        assert_eq!(job(&app, id).await, quoted);

        // A new description keeps the quoted total, to the cent.
        assert_eq!(
            app.status_of(
                &cus,
                "/api/edit_order",
                &edit(id, "Mailing flyer, v2", 100_000)
            )
            .await,
            200,
            "{backend:?}"
        );
        let edited = job(&app, id).await;
        assert_eq!(
            (edited.title.as_str(), edited.quantity, edited.price_cents),
            ("Mailing flyer, v2", 100_000, 50_000),
            "{backend:?}"
        );
    }
}
