//! The print partner's floor over HTTP, on SQLite and PostgreSQL: a
//! partnered customer's approved job becomes a work order; the work-order
//! manager generates and downloads its codes; the print operator, signed
//! in to the printer app only, calibrates and checks the print; the account
//! admin manages equipment. Refusals and bad input change nothing.

use crate::common::{PASSWORD, TestApp, backends, browser, session_cookie, spawn};
use imprimatur_server::db::entities::{equipment, partnership, work_order};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

async fn work_orders(app: &TestApp, b: &reqwest::Client, archived: bool) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/list_work_orders",
        &[("archived", archived.to_string())],
    )
    .await
}

async fn change(app: &TestApp, b: &reqwest::Client, id: i64, change: &str) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/change_work_order",
        &[("work_order_id", id.to_string()), ("change", change.into())],
    )
    .await
}

async fn row(app: &TestApp, id: i64) -> work_order::Model {
    work_order::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

async fn piece(app: &TestApp, name: &str) -> equipment::Model {
    equipment::Entity::find()
        .filter(equipment::Column::Name.eq(name))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

/// The demo work order titled `title`.
async fn titled(app: &TestApp, title: &str) -> work_order::Model {
    work_order::Entity::find()
        .filter(work_order::Column::Title.eq(title))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

async fn codes(app: &TestApp, b: &reqwest::Client, id: i64) -> (u16, String) {
    let res = b
        .get(app.url(&format!("/work-orders/{id}/codes.csv")))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn check(
    work_order: i64,
    equipment: i64,
    scanned: i32,
    verified: i32,
) -> [(&'static str, String); 4] {
    [
        ("work_order_id", work_order.to_string()),
        ("equipment_id", equipment.to_string()),
        ("scanned", scanned.to_string()),
        ("verified", verified.to_string()),
    ]
}

fn partner_form(partner: i64, customer: &str, add: bool) -> [(&'static str, String); 3] {
    [
        ("partner_id", partner.to_string()),
        ("customer", customer.to_string()),
        ("add", add.to_string()),
    ]
}

/// Tina, Acme's Tenant Super Admin, accepts the request of `partner`.
async fn accept_partner(app: &TestApp, acme: i64, partner: &str) {
    let tina = app.signed_in_browser("tina@acme.test").await;
    let company = [("company_id", acme.to_string())];
    let (status, waiting) = app
        .answer_to(&tina, "/api/partnership_requests", &company)
        .await;
    assert_eq!(status, 200, "{waiting}");
    let request = waiting
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["partner"] == partner)
        .unwrap_or_else(|| panic!("a request of {partner}: {waiting}"))["id"]
        .as_i64()
        .unwrap();
    let (status, answer) = app
        .answer_to(
            &tina,
            "/api/answer_partnership",
            &[
                ("company_id", acme.to_string()),
                ("request_id", request.to_string()),
                ("accept", "true".to_string()),
            ],
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        Value::from(format!(
            "{partner} now prints for you: your approved print jobs become its work orders."
        ))
    );
}

#[tokio::test]
async fn an_approved_job_of_a_partnered_customer_becomes_a_work_order_at_its_print_partner() {
    for backend in backends() {
        let app = spawn(backend).await;
        let inkworks = app.company_id("inkworks").await;
        let acme = app.company_id("acme").await;
        let ivan = app.signed_in_browser("ivan@inkworks.test").await;
        let wes = app.signed_in_browser("wes@inkworks.test").await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let partnerships = || partnership::Entity::find().count(&app.db.read);

        // Only the partner's account admin manages its partnerships.
        let before = partnerships().await.unwrap();
        for b in [&wes, &carl] {
            let (status, _) = app
                .answer_to(
                    b,
                    "/api/change_partnership",
                    &partner_form(inkworks, "acme", true),
                )
                .await;
            assert_eq!(status, 403, "{backend:?}");
        }
        assert_eq!(
            app.post_as(&carl, "/api/list_partnerships")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            403
        );
        // Asking tells nothing about the address: no such company, a
        // print partner, a customer printed for already all answer alike.
        for slug in ["nowhere", "inkworks", "northwind"] {
            let (got, answer) = app
                .answer_to(
                    &ivan,
                    "/api/change_partnership",
                    &partner_form(inkworks, slug, true),
                )
                .await;
            assert_eq!(got, 200, "{backend:?} {slug}: {answer}");
            assert!(
                answer.as_str().unwrap().starts_with(&format!(
                    "Asked \u{201c}{slug}\u{201d}. If a customer company"
                )),
                "{answer}"
            );
        }
        let (got, _) = app
            .answer_to(
                &ivan,
                "/api/change_partnership",
                &partner_form(inkworks, "Not a slug!", true),
            )
            .await;
        assert_eq!(got, 422, "{backend:?}");
        assert_eq!(partnerships().await.unwrap(), before);

        let (status, answer) = app
            .answer_to(
                &ivan,
                "/api/change_partnership",
                &partner_form(inkworks, "acme", true),
            )
            .await;
        assert_eq!(status, 200, "{backend:?} {answer}");
        assert_eq!(partnerships().await.unwrap(), before, "only asked");
        accept_partner(&app, acme, "Inkworks Printing").await;
        let listed = app.json_from(&ivan, "/api/list_partnerships").await;
        let customers: Vec<&str> = listed[0]["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["customer_slug"].as_str().unwrap())
            .collect();
        assert_eq!(customers, vec!["acme", "northwind"], "{backend:?}");

        // Cus orders flyers; nothing reaches Inkworks until Paul approves.
        let cus = app.signed_in_browser("cus@acme.test").await;
        let paul = app.signed_in_browser("paul@acme.test").await;
        let flyer = app.product_named("Sales flyer A5").await.id;
        let (status, id) = app
            .answer_to(
                &cus,
                "/api/place_order",
                &[
                    ("order[product_id]", flyer.to_string()),
                    ("order[quantity]", "250".to_string()),
                    ("order[title]", "Winter fair flyer".to_string()),
                    ("order[approvers]", String::new()),
                    ("order[idempotency_key]", String::new()),
                ],
            )
            .await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let order_id = id.as_i64().unwrap();
        let of_order = || {
            work_order::Entity::find()
                .filter(work_order::Column::OrderId.eq(order_id))
                .one(&app.db.read)
        };
        assert!(of_order().await.unwrap().is_none());
        let decision = [
            ("order_id", order_id.to_string()),
            ("approve", "true".to_string()),
            ("comment", String::new()),
        ];
        assert_eq!(
            app.status_of(&paul, "/api/decide_order", &decision).await,
            200
        );
        let made = of_order().await.unwrap().expect("a work order");
        assert_eq!(
            (
                made.company_id,
                made.customer_id,
                made.title.as_str(),
                made.quantity,
                made.state.as_str()
            ),
            (inkworks, acme, "Winter fair flyer", 250, "new"),
            "{backend:?}"
        );
        let (_, listed) = work_orders(&app, &wes, false).await;
        assert_eq!(listed[0]["id"], made.id, "{backend:?}");
        assert_eq!(listed[0]["customer"], "Acme Print Buyers");

        // Ending the partnership keeps the work orders already there.
        let end = partner_form(inkworks, &acme.to_string(), false);
        assert_eq!(
            app.answer_to(&ivan, "/api/change_partnership", &end)
                .await
                .0,
            200
        );
        assert_eq!(
            app.answer_to(&ivan, "/api/change_partnership", &end)
                .await
                .0,
            404
        );
        assert_eq!(partnerships().await.unwrap(), before);
        assert!(of_order().await.unwrap().is_some());
    }
}

#[tokio::test]
async fn the_work_order_manager_generates_and_downloads_codes_and_the_operator_checks_the_print() {
    for backend in backends() {
        let app = spawn(backend).await;
        let wes = app.signed_in_browser("wes@inkworks.test").await;
        let opal = app.signed_in_browser("opal@inkworks.test").await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let mia = app.signed_in_browser("mia@northwind.test").await;
        let red = titled(&app, "Château Northwind red 2025 labels").await;
        let rose = titled(&app, "Northwind rosé 2025 labels").await;

        let (status, listed) = work_orders(&app, &wes, false).await;
        assert_eq!(status, 200, "{backend:?} {listed}");
        let states: Vec<(i64, &str)> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|w| (w["id"].as_i64().unwrap(), w["state"].as_str().unwrap()))
            .collect();
        assert_eq!(
            states,
            vec![(rose.id, "CodesReady"), (red.id, "New")],
            "{backend:?}"
        );
        // Another company's staff and the customer itself see none of it.
        for b in [&carl, &mia, &opal] {
            assert_eq!(work_orders(&app, b, false).await.0, 403, "{backend:?}");
        }

        // Wes generates the red labels' codes once; he may not cancel.
        let (status, answer) = change(&app, &wes, red.id, "generate_codes").await;
        assert_eq!(status, 200, "{backend:?} {answer}");
        assert_eq!(
            answer,
            Value::from(format!(
                "2000 secure codes generated for work order #{}.",
                red.id
            ))
        );
        assert_eq!(change(&app, &wes, red.id, "generate_codes").await.0, 409);
        assert_eq!(change(&app, &wes, red.id, "cancel").await.0, 403);
        assert_eq!(change(&app, &wes, red.id, "explode").await.0, 422);
        assert_eq!(change(&app, &carl, red.id, "generate_codes").await.0, 403);
        assert_eq!(change(&app, &wes, 999_999, "generate_codes").await.0, 404);
        assert_eq!(row(&app, red.id).await.state, "codes_ready");

        let (status, csv) = codes(&app, &wes, red.id).await;
        assert_eq!(status, 200, "{backend:?} {csv}");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2_001);
        assert_eq!(lines[0], "serial_number,secure_code");
        assert!(
            lines[1].starts_with(&format!("WO{}-000001,", red.id)),
            "{}",
            lines[1]
        );
        let distinct: std::collections::BTreeSet<&str> = lines[1..]
            .iter()
            .map(|l| l.split(',').nth(1).unwrap())
            .collect();
        assert_eq!(distinct.len(), 2_000);
        assert_eq!(
            codes(&app, &wes, red.id).await.1,
            csv,
            "the same codes every time"
        );
        assert_eq!(codes(&app, &carl, red.id).await.0, 403);
        assert_eq!(codes(&app, &opal, red.id).await.0, 403);
        assert_eq!(codes(&app, &browser(), red.id).await.0, 401);
        assert_eq!(codes(&app, &wes, 999_999).await.0, 404);

        // Opal's printer app: both work orders wait, one press is ready.
        let floor = app.json_from(&opal, "/api/printer_floor").await;
        assert_eq!(
            floor["work_orders"].as_array().unwrap().len(),
            2,
            "{backend:?} {floor}"
        );
        let ready: Vec<&str> = floor["equipment"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| !e["calibrated"].is_null())
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(ready, vec!["HP Indigo 6K"]);
        let hp = piece(&app, "HP Indigo 6K").await.id;
        let epson = piece(&app, "Epson SurePress L-4733").await.id;
        let qa = "/api/record_quality_check";
        assert_eq!(
            app.answer_to(&opal, qa, &check(red.id, epson, 100, 99))
                .await
                .0,
            409
        );
        assert_eq!(
            app.answer_to(&opal, qa, &check(red.id, hp, 100, 101))
                .await
                .0,
            422
        );
        assert_eq!(
            app.answer_to(&opal, qa, &check(red.id, hp, 0, 0)).await.0,
            422
        );
        assert_eq!(
            app.answer_to(&wes, qa, &check(red.id, hp, 100, 99)).await.0,
            403
        );
        assert_eq!(
            row(&app, red.id).await.qa_at,
            None,
            "refusals wrote nothing"
        );

        let (status, answer) = app.answer_to(&opal, qa, &check(red.id, hp, 100, 93)).await;
        assert_eq!(status, 200, "{backend:?} {answer}");
        assert_eq!(
            answer,
            Value::from(format!(
                "Work order #{}: 93 of 100 codes verified. Quality check failed.",
                red.id
            ))
        );
        // Opal calibrates the Epson: 70 fails, 101 is no score, 88 passes.
        let calibrate = |score: &str| {
            [
                ("equipment_id", epson.to_string()),
                ("score", score.to_string()),
            ]
        };
        let (_, said) = app
            .answer_to(&opal, "/api/calibrate_equipment", &calibrate("70"))
            .await;
        assert_eq!(
            said,
            Value::from(
                "Epson SurePress L-4733 failed calibration (score 70, 80 needed): calibrate it again before it prints."
            )
        );
        assert_eq!(
            app.answer_to(&opal, "/api/calibrate_equipment", &calibrate("101"))
                .await
                .0,
            422
        );
        assert_eq!(
            app.answer_to(&wes, "/api/calibrate_equipment", &calibrate("90"))
                .await
                .0,
            403
        );
        assert_eq!(
            piece(&app, "Epson SurePress L-4733")
                .await
                .calibration_score,
            Some(70)
        );
        assert_eq!(
            app.answer_to(&opal, "/api/calibrate_equipment", &calibrate("88"))
                .await
                .0,
            200
        );
        assert!(
            piece(&app, "Epson SurePress L-4733")
                .await
                .calibrated_at
                .is_some()
        );

        let (status, answer) = app
            .answer_to(&opal, qa, &check(red.id, epson, 200, 196))
            .await;
        assert_eq!(status, 200, "{backend:?} {answer}");
        let done = row(&app, red.id).await;
        assert_eq!(
            (
                done.state.as_str(),
                done.qa_scanned,
                done.qa_verified,
                done.equipment_id
            ),
            ("qa_passed", Some(200), Some(196), Some(epson))
        );
        assert_eq!(
            app.answer_to(&opal, qa, &check(red.id, epson, 200, 200))
                .await
                .0,
            409
        );

        // Checked: Wes archives it, and it leaves the list.
        assert_eq!(change(&app, &wes, rose.id, "archive").await.0, 409);
        assert_eq!(change(&app, &wes, red.id, "archive").await.0, 200);
        let (_, open) = work_orders(&app, &wes, false).await;
        assert_eq!(open.as_array().unwrap().len(), 1);
        let (_, archived) = work_orders(&app, &wes, true).await;
        assert_eq!(archived[0]["id"], red.id);
        assert_eq!(archived[0]["archived"], true);
    }
}

#[tokio::test]
async fn the_account_admin_manages_equipment_and_cancels_work_orders() {
    for backend in backends() {
        let app = spawn(backend).await;
        let inkworks = app.company_id("inkworks").await;
        let acme = app.company_id("acme").await;
        let ivan = app.signed_in_browser("ivan@inkworks.test").await;
        let wes = app.signed_in_browser("wes@inkworks.test").await;
        let count = || equipment::Entity::find().count(&app.db.read);
        let before = count().await.unwrap();
        let add = |company: i64, name: &str| {
            [
                ("company_id", company.to_string()),
                ("name", name.to_string()),
            ]
        };
        let save = "/api/save_equipment";
        assert_eq!(
            app.answer_to(&ivan, save, &add(inkworks, "   ")).await.0,
            422
        );
        assert_eq!(
            app.answer_to(&ivan, save, &add(inkworks, "HP Indigo 6K"))
                .await
                .0,
            409
        );
        assert_eq!(app.answer_to(&ivan, save, &add(acme, "Press")).await.0, 403);
        assert_eq!(
            app.answer_to(&wes, save, &add(inkworks, "Press")).await.0,
            403
        );
        assert_eq!(count().await.unwrap(), before, "{backend:?}");

        let (status, answer) = app
            .answer_to(&ivan, save, &add(inkworks, " Konica 3 "))
            .await;
        assert_eq!(status, 200, "{backend:?} {answer}");
        assert_eq!(
            answer,
            Value::from("Konica 3 added. Calibrate it before it prints codes.")
        );
        let konica = piece(&app, "Konica 3").await;
        assert_eq!(
            (konica.calibrated_at, konica.calibration_score),
            (None, None)
        );
        let rename = [
            ("equipment_id", konica.id.to_string()),
            ("company_id", inkworks.to_string()),
            ("name", "Konica AccurioJet".to_string()),
        ];
        assert_eq!(app.answer_to(&ivan, save, &rename).await.0, 200);
        let listed = app
            .answer_to(&wes, "/api/list_equipment", &[("archived", "false")])
            .await
            .1;
        let names: Vec<&str> = listed["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            vec![
                "Epson SurePress L-4733",
                "HP Indigo 6K",
                "Konica AccurioJet"
            ]
        );
        assert_eq!(
            listed["places"],
            serde_json::json!([]),
            "Wes may add nowhere"
        );
        let ivans = app
            .answer_to(&ivan, "/api/list_equipment", &[("archived", "false")])
            .await
            .1;
        assert_eq!(
            ivans["places"],
            serde_json::json!([{ "id": inkworks, "name": "Inkworks Printing" }])
        );

        let archive = [("equipment_id", konica.id.to_string())];
        assert_eq!(
            app.answer_to(&wes, "/api/archive_equipment", &archive)
                .await
                .0,
            403
        );
        assert_eq!(
            app.answer_to(&ivan, "/api/archive_equipment", &archive)
                .await
                .0,
            200
        );
        assert_eq!(
            app.answer_to(&ivan, "/api/archive_equipment", &archive)
                .await
                .0,
            409
        );
        let calibrate = [
            ("equipment_id", konica.id.to_string()),
            ("score", "95".to_string()),
        ];
        assert_eq!(
            app.answer_to(&ivan, "/api/calibrate_equipment", &calibrate)
                .await
                .0,
            409
        );

        // Ivan cancels the new red-label work order, then archives it.
        let red = titled(&app, "Château Northwind red 2025 labels").await;
        assert_eq!(change(&app, &ivan, red.id, "cancel").await.0, 200);
        assert_eq!(change(&app, &ivan, red.id, "cancel").await.0, 409);
        assert_eq!(change(&app, &ivan, red.id, "generate_codes").await.0, 409);
        assert_eq!(
            codes(&app, &ivan, red.id).await.0,
            404,
            "no codes were generated"
        );
        // The printer app lists only work orders with codes: not the
        // cancelled one, which never had any.
        let opal = app.signed_in_browser("opal@inkworks.test").await;
        let floor = app.json_from(&opal, "/api/printer_floor").await;
        let rose = titled(&app, "Northwind rosé 2025 labels").await;
        let ids: Vec<i64> = floor["work_orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![rose.id], "{backend:?} {floor}");
        assert_eq!(change(&app, &ivan, red.id, "archive").await.0, 200);
        assert!(row(&app, red.id).await.archived_at.is_some());
    }
}

#[tokio::test]
async fn a_print_operator_signs_in_to_the_printer_app_and_the_portal_refuses_her() {
    for backend in backends() {
        let app = spawn(backend).await;
        let res = app.sign_in("opal@inkworks.test", PASSWORD).await;
        assert_eq!(res.status(), 200, "{backend:?}");
        assert!(session_cookie(&res).is_some());
        let opal = app.signed_in_browser("opal@inkworks.test").await;
        assert_eq!(
            app.post_as(&opal, "/api/printer_floor")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            200
        );
        // Every portal function answers her as core decides (see the
        // matrix); the print partner's portal lists among them:
        assert_eq!(work_orders(&app, &opal, false).await.0, 403);
        let equipment = [("archived", "false")];
        assert_eq!(
            app.answer_to(&opal, "/api/list_equipment", &equipment)
                .await
                .0,
            403
        );
        assert_eq!(
            app.post_as(&opal, "/api/list_partnerships")
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let roles = opal.get(app.url("/roles.csv")).send().await.unwrap();
        assert_eq!(roles.status().as_u16(), 403);
        // Wes has the portal, not the printer app.
        let wes = app.signed_in_browser("wes@inkworks.test").await;
        assert_eq!(
            app.post_as(&wes, "/api/printer_floor")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            403
        );
    }
}
