//! Product administration over HTTP, on SQLite and PostgreSQL: who keeps
//! which company's products, bad input refused with nothing written, and
//! what a product is built for deciding who sees it in the storefront.

use crate::common::{TestApp, backends, spawn};
use crate::snapshot::snapshot;
use imprimatur_server::db::entities::product;
use sea_orm::{EntityTrait, PaginatorTrait};

fn form(id: i64, built_for: &str, name: &str, price: &str) -> Vec<(String, String)> {
    [
        ("product[id]", id.to_string()),
        ("product[built_for]", built_for.to_string()),
        ("product[name]", name.to_string()),
        (
            "product[publication_type]",
            "Marketing material".to_string(),
        ),
        ("product[description]", "A4, 250 g".to_string()),
        ("product[price]", price.to_string()),
        ("product[active]", "on".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn with(mut form: Vec<(String, String)>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k.to_string(), v.to_string()));
    }
    form
}

fn without(mut form: Vec<(String, String)>, key: &str) -> Vec<(String, String)> {
    form.retain(|(k, _)| k != key);
    form
}

async fn save(
    app: &TestApp,
    b: &reqwest::Client,
    form: &[(String, String)],
) -> (u16, serde_json::Value) {
    app.answer_to(b, "/api/save_product", form).await
}

async fn catalog_names(app: &TestApp, email: &str) -> Vec<String> {
    let b = app.signed_in_browser(email).await;
    app.json_from(&b, "/api/catalog")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

async fn products(app: &TestApp) -> u64 {
    product::Entity::find().count(&app.db.read).await.unwrap()
}

#[tokio::test]
async fn a_junior_admin_keeps_the_products_of_her_companies_only() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await;
        let globex = app.company_id("globex").await;
        let sales = app.department_named("acme", "Sales").await;
        let finance = app.department_named("globex", "Finance").await;
        let junior = app.signed_in_browser("junior@imprimatur.test").await;
        let tina = app.signed_in_browser("tina@acme.test").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let before = products(&app).await;

        // Her list: Acme's products only; the places: Acme and its departments.
        let listed = app.json_from(&junior, "/api/list_managed_products").await;
        let companies: Vec<&str> = listed["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["product"]["company_name"].as_str().unwrap())
            .collect();
        assert!(
            !companies.is_empty() && companies.iter().all(|c| c.starts_with("Acme")),
            "{companies:?}"
        );
        assert_eq!(listed["places"].as_array().unwrap().len(), 1, "{listed}");
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let all = app.json_from(&admin, "/api/list_managed_products").await;
        assert_eq!(
            all["products"].as_array().unwrap().len() as u64,
            before,
            "the platform admin keeps all"
        );

        // Refused, every save below: the whole database stays as it is.
        let untouched = snapshot(&app).await;
        // Members of the company see products; they do not keep them.
        for b in [&tina, &cus] {
            assert_eq!(
                app.post_as(b, "/api/list_managed_products")
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16(),
                403
            );
            assert_eq!(
                save(&app, b, &form(0, &acme.to_string(), "Roll-up banner", "89"))
                    .await
                    .0,
                403
            );
        }
        // Another company: refused, whether it is named or a department of it.
        assert_eq!(
            save(
                &app,
                &junior,
                &form(0, &globex.to_string(), "Roll-up banner", "89")
            )
            .await
            .0,
            404
        );
        assert_eq!(
            save(
                &app,
                &junior,
                &form(0, &format!("{acme}/{finance}"), "Roll-up banner", "89")
            )
            .await
            .0,
            422
        );
        // Bad input.
        let good = form(0, &format!("{acme}/{sales}"), "Roll-up banner", "89.50");
        for (bad, why) in [
            (with(good.clone(), &[("product[name]", "  ")]), "no name"),
            (
                with(good.clone(), &[("product[name]", &"x".repeat(101))]),
                "long name",
            ),
            (
                with(good.clone(), &[("product[publication_type]", "")]),
                "no type",
            ),
            (with(good.clone(), &[("product[price]", "cheap")]), "price"),
            (
                with(good.clone(), &[("product[price]", "-1")]),
                "negative price",
            ),
            (
                with(good.clone(), &[("product[built_for]", "acme")]),
                "place",
            ),
            (
                with(
                    good.clone(),
                    &[("product[stocked]", "on"), ("product[stock]", "-5")],
                ),
                "stock",
            ),
            (
                with(good.clone(), &[("product[description]", &"x".repeat(501))]),
                "description",
            ),
            (
                with(good.clone(), &[("product[low_stock_at]", "20")]),
                "a low-stock level for a product printed to order",
            ),
            (
                with(
                    good.clone(),
                    &[("product[stocked]", "on"), ("product[low_stock_at]", "few")],
                ),
                "low-stock level",
            ),
            (
                with(good.clone(), &[("product[job_fields]", "Finish: Matte")]),
                "job fields",
            ),
        ] {
            let (status, body) = save(&app, &junior, &bad).await;
            assert_eq!(status, 422, "{backend:?} {why}: {body}");
        }
        snapshot(&app)
            .await
            .assert_unchanged_since(&untouched, &format!("{backend:?}: a refused save"));

        // Built for Sales: Cus (Sales) sees it, Cora (Marketing) does not.
        let (status, id) = save(
            &app,
            &junior,
            &with(
                good.clone(),
                &[("product[stocked]", "on"), ("product[stock]", "40")],
            ),
        )
        .await;
        assert_eq!(status, 200, "{backend:?}: {id}");
        let id = id.as_i64().unwrap();
        let stored = product::Entity::find_by_id(id)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                stored.price_cents,
                stored.stock_on_hand,
                stored.department_id
            ),
            (8950, Some(40), Some(sales))
        );
        assert!(
            catalog_names(&app, "cus@acme.test")
                .await
                .contains(&"Roll-up banner".to_string())
        );
        assert!(
            !catalog_names(&app, "cora@acme.test")
                .await
                .contains(&"Roll-up banner".to_string())
        );
        assert_eq!(app.audit_count("product.added", "ok").await, 1);

        // A product stays in its company.
        let moved = with(
            good.clone(),
            &[
                ("product[id]", &id.to_string()),
                ("product[built_for]", &globex.to_string()),
            ],
        );
        assert_eq!(save(&app, &junior, &moved).await.0, 422);
        // Switched off (the checkbox left out): offered to nobody.
        let off = without(
            with(good.clone(), &[("product[id]", &id.to_string())]),
            "product[active]",
        );
        assert_eq!(save(&app, &junior, &off).await.0, 200);
        assert!(
            !catalog_names(&app, "cus@acme.test")
                .await
                .contains(&"Roll-up banner".to_string())
        );
        // Another company's product: the junior admin may not even see it.
        let letterhead = app.product_named("Letterhead").await;
        let foreign = form(letterhead.id, &globex.to_string(), "Mine now", "1");
        let untouched = snapshot(&app).await;
        assert_eq!(save(&app, &junior, &foreign).await.0, 404);
        snapshot(&app).await.assert_unchanged_since(
            &untouched,
            &format!("{backend:?}: a save of another company's product"),
        );
        assert_eq!(products(&app).await, before + 1);
    }
}

#[tokio::test]
async fn a_stock_count_typed_while_a_job_shipped_is_refused_instead_of_undoing_it() {
    for backend in backends() {
        let app = spawn(backend).await;
        let globex = app.company_id("globex").await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let letterhead = app.product_named("Letterhead").await;
        assert_eq!(letterhead.stock_on_hand, Some(2_000));
        let count = |to: &str, was: &str| {
            with(
                form(letterhead.id, &globex.to_string(), "Letterhead", "0.15"),
                &[
                    ("product[stocked]", "on"),
                    ("product[stock]", to),
                    ("product[stock_was]", was),
                ],
            )
        };
        // The form read 1,990 but the shelf holds 2,000: refused, and the
        // product row is as it was, every column of it.
        assert_eq!(
            save(&app, &admin, &count("1800", "1990")).await.0,
            409,
            "{backend:?}"
        );
        assert_eq!(
            product::Entity::find_by_id(letterhead.id)
                .one(&app.db.read)
                .await
                .unwrap()
                .unwrap(),
            letterhead,
            "{backend:?}"
        );
        assert_eq!(save(&app, &admin, &count("1800", "2000")).await.0, 200);
        // Left alone when the count is not changed; gone when not stocked.
        assert_eq!(save(&app, &admin, &count("", "1800")).await.0, 200);
        let now = |app: &TestApp| {
            let id = letterhead.id;
            let db = app.db.read.clone();
            async move {
                product::Entity::find_by_id(id)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
                    .stock_on_hand
            }
        };
        assert_eq!(now(&app).await, Some(1_800));
        let unstocked = without(count("", "1800"), "product[stocked]");
        assert_eq!(save(&app, &admin, &unstocked).await.0, 200);
        assert_eq!(now(&app).await, None);
    }
}
