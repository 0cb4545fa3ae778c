//! Publication types assigned to departments, over HTTP on SQLite and
//! PostgreSQL: the Company Manager limits a department, its members then see
//! and order only those types; bad input and callers out of reach change
//! nothing.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{department_publication_type, order};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

async fn assign(
    app: &TestApp,
    b: &reqwest::Client,
    department: i64,
    limit: serde_json::Value,
) -> (u16, serde_json::Value) {
    let res = app
        .post_as(b, "/api/assign_publication_types")
        .json(&json!({ "department_id": department, "limit": limit }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

async fn catalog(app: &TestApp, b: &reqwest::Client) -> Vec<String> {
    app.json_from(b, "/api/catalog")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

async fn assigned_rows(app: &TestApp) -> Vec<(i64, String)> {
    department_publication_type::Entity::find()
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.department_id, r.publication_type))
        .collect()
}

#[tokio::test]
async fn a_company_manager_limits_a_department_and_its_members_see_and_order_only_those_types() {
    for backend in backends() {
        let app = spawn(backend).await;
        let design = app.department_named("acme", "Design").await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let dina = app.signed_in_browser("dina@acme.test").await;
        let before = catalog(&app, &dina).await;
        assert!(before.contains(&"Business cards".to_string()), "{before:?}");
        assert!(before.contains(&"Brand book".to_string()), "{before:?}");

        let (status, answer) = assign(&app, &carl, design, json!(["Brochures"])).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer, json!("The department now orders only: Brochures."));
        assert_eq!(
            assigned_rows(&app).await,
            vec![(design, "Brochures".to_string())]
        );

        // Dina signs in again: her departments' types travel with her principal.
        let dina = app.signed_in_browser("dina@acme.test").await;
        assert_eq!(catalog(&app, &dina).await, vec!["Brand book".to_string()]);
        let cards = app.product_named("Business cards").await.id;
        let orders_before = order::Entity::find().count(&app.db.read).await.unwrap();
        let (status, _) = app
            .answer_to(
                &dina,
                "/api/place_order",
                &[
                    ("order[product_id]", cards.to_string()),
                    ("order[quantity]", "10".to_string()),
                    ("order[title]", "Cards for Dina".to_string()),
                    ("order[approvers]", String::new()),
                    ("order[idempotency_key]", String::new()),
                ],
            )
            .await;
        assert_eq!(status, 404, "a product of another type is out of sight");
        assert_eq!(
            order::Entity::find().count(&app.db.read).await.unwrap(),
            orders_before
        );
        // Carl's company-wide rights see the whole catalog; Cus in Sales is not limited.
        assert!(
            catalog(&app, &carl)
                .await
                .contains(&"Business cards".to_string())
        );
        let cus = app.signed_in_browser("cus@acme.test").await;
        assert!(
            catalog(&app, &cus)
                .await
                .contains(&"Business cards".to_string())
        );

        let listed = app.json_from(&carl, "/api/list_publication_types").await;
        let acme = &listed.as_array().unwrap()[0];
        assert_eq!(acme["company"], "Acme Print Buyers");
        assert_eq!(
            acme["known"],
            json!(["Brochures", "Marketing material", "Stationery"])
        );
        let rows = acme["departments"].as_array().unwrap();
        assert_eq!(rows.len(), 3, "{rows:?}");
        let design_row = rows.iter().find(|d| d["name"] == "Design").unwrap();
        assert_eq!(design_row["types"], json!(["Brochures"]));
        let sales_row = rows.iter().find(|d| d["name"] == "Sales").unwrap();
        assert_eq!(sales_row["types"], serde_json::Value::Null);

        let (status, answer) = assign(&app, &carl, design, serde_json::Value::Null).await;
        assert_eq!(status, 200, "{answer}");
        assert!(assigned_rows(&app).await.is_empty());
        let dina = app.signed_in_browser("dina@acme.test").await;
        assert!(
            catalog(&app, &dina)
                .await
                .contains(&"Business cards".to_string())
        );
        assert_eq!(
            app.audit_count("department.publication_types", "ok").await,
            2
        );
    }
}

#[tokio::test]
async fn a_department_limit_is_refused_when_empty_unknown_or_out_of_reach_and_nothing_changes() {
    for backend in backends() {
        let app = spawn(backend).await;
        let design = app.department_named("acme", "Design").await;
        let finance = app.department_named("globex", "Finance").await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        for (limit, want) in [
            (json!([]), "Choose at least one publication type"),
            (
                json!(["Posters"]),
                "\u{201c}Posters\u{201d} is not a publication type",
            ),
            (json!(["Annual reports"]), "is not a publication type"),
        ] {
            let (status, answer) = assign(&app, &carl, design, limit.clone()).await;
            assert_eq!(status, 422, "{limit}: {answer}");
            assert!(answer.to_string().contains(want), "{limit}: {answer}");
        }
        let (status, _) = assign(&app, &carl, 999_999, json!(["Stationery"])).await;
        assert_eq!(status, 404, "no such department");
        let (status, _) = assign(&app, &carl, finance, json!(["Stationery"])).await;
        assert_eq!(status, 404, "another company's department is out of sight");
        for email in ["dora@acme.test", "cus@acme.test", "sam@globex.test"] {
            let b = app.signed_in_browser(email).await;
            let (status, _) = assign(&app, &b, design, json!(["Stationery"])).await;
            assert_eq!(status, 403, "{email}");
            let status = app
                .post_as(&b, "/api/list_publication_types")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert_eq!(status, 403, "{email} lists");
        }
        let anonymous = crate::common::browser();
        let (status, _) = assign(&app, &anonymous, design, json!(["Stationery"])).await;
        assert_eq!(status, 401);
        assert!(assigned_rows(&app).await.is_empty());
        assert_eq!(
            app.audit_count("department.publication_types", "ok").await,
            0
        );
        // The platform admin may limit any company's department.
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let (status, answer) = assign(&app, &admin, finance, json!(["Reports", "Reports"])).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(
            assigned_rows(&app).await,
            vec![(finance, "Reports".to_string())]
        );
    }
}
