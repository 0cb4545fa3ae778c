//! Options and job fields over HTTP, on SQLite and PostgreSQL: what the
//! orderer fills in is checked, priced, recorded and shown with the job;
//! a re-order keeps it; bad input writes nothing.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::order;
use sea_orm::{EntityTrait, PaginatorTrait};

fn badge_order(product: i64, fields: &[(&str, &str)], key: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        ("order[product_id]", product.to_string()),
        ("order[quantity]", "50".to_string()),
        ("order[title]", "Badges for the fair".to_string()),
        ("order[approvers]", String::new()),
        ("order[idempotency_key]", key.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (i, v) in fields {
        form.push((format!("order[fields][{i}]"), v.to_string()));
    }
    form
}

async fn orders(app: &TestApp) -> u64 {
    order::Entity::find().count(&app.db.read).await.unwrap()
}

#[tokio::test]
async fn an_order_records_its_job_fields_pays_for_its_choices_and_a_reorder_keeps_them() {
    for backend in backends() {
        let app = spawn(backend).await;
        let badge = app.product_named("Name badge").await.id;
        let cora = app.signed_in_browser("cora@acme.test").await;
        let shop = app.json_from(&cora, "/api/catalog").await;
        let offered = shop
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Name badge")
            .unwrap();
        assert_eq!(offered["fields"][0]["label"], "Name on the badge");
        assert_eq!(offered["fields"][2]["choices"][1]["extra_cents"], 10);

        let before = orders(&app).await;
        for (fields, want) in [
            (
                vec![("2", "Gloss")],
                "Fill in \u{201c}Name on the badge\u{201d}.",
            ),
            (
                vec![("0", "Cora"), ("2", "Velvet")],
                "Choose one of the offered choices",
            ),
            (
                vec![("0", "Cora"), ("5", "x"), ("6", "y"), ("7", "z")],
                "does not match the product",
            ),
        ] {
            let (status, answer) = app
                .answer_to(&cora, "/api/place_order", &badge_order(badge, &fields, ""))
                .await;
            assert_eq!(status, 422, "{fields:?}: {answer}");
            assert!(answer.to_string().contains(want), "{fields:?}: {answer}");
        }
        assert_eq!(orders(&app).await, before, "refused orders write nothing");

        let form = badge_order(
            badge,
            &[("0", "Cora Customer-Plus"), ("2", "Gloss")],
            "badge-key-0001",
        );
        let (status, id) = app.answer_to(&cora, "/api/place_order", &form).await;
        assert_eq!(status, 200, "{id}");
        let id = id.as_i64().unwrap();
        let stored = order::Entity::find_by_id(id)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.price_cents, 50 * (120 + 10));
        // The same key with other answers is another order: refused.
        let other = badge_order(
            badge,
            &[("0", "Someone else"), ("2", "Gloss")],
            "badge-key-0001",
        );
        assert_eq!(
            app.answer_to(&cora, "/api/place_order", &other).await.0,
            409
        );

        let listed = app
            .json_from_form(
                &cora,
                "/api/list_orders",
                &[
                    ("query[text]", "badges"),
                    ("query[state]", ""),
                    ("query[from]", ""),
                    ("query[to]", ""),
                ],
            )
            .await;
        assert_eq!(
            listed[0]["answers"],
            serde_json::json!([
                { "label": "Name on the badge", "value": "Cora Customer-Plus" },
                { "label": "Job title", "value": "" },
                { "label": "Finish", "value": "Gloss", "extra_cents": 10 }
            ])
        );
        assert_eq!(listed[0]["fields"].as_array().unwrap().len(), 3);

        let (status, again) = app
            .answer_to(
                &cora,
                "/api/reorder",
                &[
                    ("order_id", id.to_string()),
                    ("idempotency_key", String::new()),
                ],
            )
            .await;
        assert_eq!(status, 200, "{again}");
        let again = order::Entity::find_by_id(again.as_i64().unwrap())
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.job_answers, stored.job_answers);
        assert_eq!(again.price_cents, stored.price_cents);

        // Until approved, the fields change with the job; the price follows
        // the finish chosen now.
        let change = |name: &str, finish: &str| {
            vec![
                ("order_id", id.to_string()),
                ("title", "Badges for the fair".to_string()),
                ("quantity", "60".to_string()),
                ("fields[0]", name.to_string()),
                ("fields[2]", finish.to_string()),
            ]
        };
        let (status, answer) = app
            .answer_to(&cora, "/api/edit_order", &change("", "Matte"))
            .await;
        assert_eq!(status, 422, "{answer}");
        let unchanged = order::Entity::find_by_id(id)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(unchanged, stored, "a refused change writes nothing");
        let (status, answer) = app
            .answer_to(&cora, "/api/edit_order", &change("Cora C.", "Matte"))
            .await;
        assert_eq!(status, 200, "{answer}");
        let changed = order::Entity::find_by_id(id)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(changed.price_cents, 60 * 120);
        assert!(
            changed.job_answers.contains("Cora C."),
            "{}",
            changed.job_answers
        );
        assert!(
            !changed.job_answers.contains("Gloss"),
            "{}",
            changed.job_answers
        );
    }
}

#[tokio::test]
async fn an_admin_writes_a_products_fields_and_a_badly_written_line_is_refused() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await;
        let jun = app.signed_in_browser("junior@imprimatur.test").await;
        let form = |fields: &str| {
            vec![
                ("product[id]", "0".to_string()),
                ("product[built_for]", acme.to_string()),
                ("product[name]", "Roll-up banner".to_string()),
                (
                    "product[publication_type]",
                    "Marketing material".to_string(),
                ),
                ("product[price]", "89.50".to_string()),
                ("product[active]", "on".to_string()),
                ("product[job_fields]", fields.to_string()),
            ]
        };
        let (status, answer) = app
            .answer_to(
                &jun,
                "/api/save_product",
                &form("Banner text*\nStand: None"),
            )
            .await;
        assert_eq!(status, 422, "{answer}");
        assert!(answer.to_string().contains("Line 2"), "{answer}");
        let (status, answer) = app
            .answer_to(
                &jun,
                "/api/save_product",
                &form("Stand: None | Chrome +ten"),
            )
            .await;
        assert_eq!(status, 422, "{answer}");
        let kept = app.json_from(&jun, "/api/list_managed_products").await;
        assert!(
            !kept.to_string().contains("Roll-up banner"),
            "nothing was written"
        );

        let (status, id) = app
            .answer_to(
                &jun,
                "/api/save_product",
                &form("Banner text*\nStand: None | Chrome +15"),
            )
            .await;
        assert_eq!(status, 200, "{id}");
        let cus = app.signed_in_browser("cus@acme.test").await;
        let shop = app.json_from(&cus, "/api/catalog").await;
        let banner = shop
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Roll-up banner")
            .unwrap();
        assert_eq!(
            banner["fields"],
            serde_json::json!([
                { "kind": "text", "label": "Banner text", "required": true },
                { "kind": "option", "label": "Stand", "choices": [
                    { "label": "None", "extra_cents": 0 },
                    { "label": "Chrome", "extra_cents": 1500 }
                ] }
            ])
        );
    }
}
