//! Separation of duties over HTTP, on SQLite and PostgreSQL: nobody
//! approves a print job they ordered or that was ordered for them, through
//! a role, the approval inbox or an outside approver's link, and nobody
//! names one of them as its approver, whatever case or `+tag` they write.

use crate::common::{TestApp, backends, browser, spawn};
use imprimatur_server::db::entities::{
    address, approval_decision, approval_link, company, order, order_approver, role_assignment,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use serde_json::Value;

fn order_form(product: i64, title: &str, approvers: &str, address: i64) -> Vec<(String, String)> {
    [
        ("product_id", product.to_string()),
        ("quantity", "10".to_string()),
        ("title", title.to_string()),
        ("approvers", approvers.to_string()),
        ("idempotency_key", String::new()),
        ("address_id", address.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("order[{k}]"), v))
    .collect()
}

fn decide(id: i64) -> [(&'static str, String); 3] {
    [
        ("order_id", id.to_string()),
        ("approve", "true".to_string()),
        ("comment", String::new()),
    ]
}

async fn inbox(app: &TestApp, b: &reqwest::Client) -> Vec<i64> {
    let v = app.json_from(b, "/api/approval_inbox").await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect()
}

async fn address_of(app: &TestApp, name: &str) -> i64 {
    address::Entity::find()
        .filter(address::Column::Name.eq(name))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn state(app: &TestApp, id: i64) -> String {
    order::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .state
}

/// The refusal names the rule, plainly.
fn says_why(answer: &Value) -> bool {
    answer
        .to_string()
        .contains("nobody approves a print job they ordered or that was ordered for them")
}

#[tokio::test]
async fn nobody_approves_a_job_they_ordered_or_that_was_ordered_for_them_through_a_role() {
    for backend in backends() {
        let app = spawn(backend).await;
        // Customer Plus Cora's role says "approve their own print jobs";
        // the portal's rule wins: Carl approves hers.
        let poster = app.product_named("Event poster A2").await.id;
        let cora = app.signed_in_browser("cora@acme.test").await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let (status, id) = app
            .answer_to(
                &cora,
                "/api/place_order",
                &order_form(poster, "Fair poster", "", 0),
            )
            .await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let cora_job = id.as_i64().unwrap();
        assert!(!inbox(&app, &cora).await.contains(&cora_job), "{backend:?}");
        let (status, answer) = app
            .answer_to(&cora, "/api/decide_order", &decide(cora_job))
            .await;
        assert_eq!(status, 403, "{backend:?} {answer}");
        assert!(says_why(&answer), "{answer}");
        assert_eq!(state(&app, cora_job).await, "awaiting_approval");
        assert!(inbox(&app, &carl).await.contains(&cora_job));
        assert_eq!(
            app.status_of(&carl, "/api/decide_order", &decide(cora_job))
                .await,
            200
        );

        // Finance's manager Dan orders for Cliff: neither Dan (who may
        // approve Finance's jobs) nor Cliff (asked by name, an Approver
        // now) decides on it; Senior Manager Sam does.
        let globex = app.company_id("globex").await;
        let cliff_id = app.user_id("cliff@globex.test").await;
        role_assignment::ActiveModel {
            user_id: Set(cliff_id),
            role: Set("approver".into()),
            company_id: Set(Some(globex)),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(app.db.writer())
        .await
        .unwrap();
        let report = app.product_named("Annual report").await.id;
        let cliffs = address_of(&app, "Cliff at home").await;
        let dan = app.signed_in_browser("dan@globex.test").await;
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        let sam = app.signed_in_browser("sam@globex.test").await;
        let before = order::Entity::find().count(&app.db.read).await.unwrap();
        let (status, answer) = app
            .answer_to(
                &dan,
                "/api/place_order",
                &order_form(report, "Report for Cliff", "Cliff@Globex.test", cliffs),
            )
            .await;
        assert_eq!(status, 403, "{backend:?} {answer}");
        assert_eq!(
            order::Entity::find().count(&app.db.read).await.unwrap(),
            before
        );
        let (status, id) = app
            .answer_to(
                &dan,
                "/api/place_order",
                &order_form(report, "Report for Cliff", "", cliffs),
            )
            .await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let for_cliff = id.as_i64().unwrap();
        // Cliff named before the rule held: the request stays, the right does not.
        order_approver::ActiveModel {
            order_id: Set(for_cliff),
            user_id: Set(cliff_id),
        }
        .insert(app.db.writer())
        .await
        .unwrap();
        for (who, b) in [("Dan", &dan), ("Cliff", &cliff)] {
            assert!(
                !inbox(&app, b).await.contains(&for_cliff),
                "{backend:?} {who}"
            );
            let (status, answer) = app
                .answer_to(b, "/api/decide_order", &decide(for_cliff))
                .await;
            assert_eq!(status, 403, "{backend:?} {who}: {answer}");
            assert!(says_why(&answer), "{who}: {answer}");
        }
        assert_eq!(state(&app, for_cliff).await, "awaiting_approval");
        assert_eq!(
            app.status_of(&sam, "/api/decide_order", &decide(for_cliff))
                .await,
            200
        );
    }
}

#[tokio::test]
async fn an_outside_approver_link_never_reaches_the_orderer_or_the_recipient() {
    for backend in backends() {
        let app = spawn(backend).await;
        // Globex accepts outside approvers at its own domain too, so a
        // `+tag` of a member's address would pass as someone outside.
        let globex = company::Entity::find_by_id(app.company_id("globex").await)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let mut open = globex.into_active_model();
        open.approver_domains = Set("partner.test\nglobex.test".into());
        open.update(app.db.writer()).await.unwrap();
        let letterhead = app.product_named("Letterhead").await.id;
        let report = app.product_named("Annual report").await.id;
        let cliffs = address_of(&app, "Cliff at home").await;
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        let dan = app.signed_in_browser("dan@globex.test").await;
        let orders = || order::Entity::find().count(&app.db.read);
        let links = || approval_link::Entity::find().count(&app.db.read);
        let (orders_before, links_before) = (orders().await.unwrap(), links().await.unwrap());
        for (b, product, address, named) in [
            (&cliff, letterhead, 0, "CLIFF@globex.test"),
            (&cliff, letterhead, 0, "cliff+boss@globex.test"),
            (
                &cliff,
                letterhead,
                0,
                "eve@partner.test, Cliff+Boss@Globex.Test",
            ),
            // Dan orders for Cliff: Cliff is the recipient.
            (&dan, report, cliffs, "cliff+x@globex.test"),
            (&dan, report, cliffs, "dan+me@globex.test"),
        ] {
            let (status, answer) = app
                .answer_to(
                    b,
                    "/api/place_order",
                    &order_form(product, "Letterhead 2027", named, address),
                )
                .await;
            assert_eq!(status, 403, "{backend:?} {named}: {answer}");
            assert!(
                answer.to_string().contains("cannot approve this job"),
                "{answer}"
            );
        }
        assert_eq!(orders().await.unwrap(), orders_before, "{backend:?}");
        assert_eq!(links().await.unwrap(), links_before, "{backend:?}");

        // A link issued before the rule held, to Cliff's own mailbox,
        // decides nothing and stays unused.
        let (status, id) = app
            .answer_to(
                &cliff,
                "/api/place_order",
                &order_form(letterhead, "Letterhead 2027", "eve@partner.test", 0),
            )
            .await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let id = id.as_i64().unwrap();
        let token = app.token_mailed_to("eve@partner.test").await;
        let link = approval_link::Entity::find()
            .filter(approval_link::Column::OrderId.eq(id))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let mut own = link.into_active_model();
        own.email = Set("Cliff+Approvals@GLOBEX.test".into());
        own.update(app.db.writer()).await.unwrap();
        let form = [
            ("token", token),
            ("approve", "true".to_string()),
            ("comment", String::new()),
        ];
        let (status, answer) = app
            .answer_to(&browser(), "/api/decide_by_link", &form)
            .await;
        assert_eq!(status, 403, "{backend:?} {answer}");
        assert!(says_why(&answer), "{answer}");
        assert_eq!(state(&app, id).await, "awaiting_approval");
        let unused = approval_link::Entity::find()
            .filter(approval_link::Column::OrderId.eq(id))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert!(unused.used_at.is_none(), "{backend:?}");
        let decided = approval_decision::Entity::find()
            .filter(approval_decision::Column::OrderId.eq(id))
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(decided, 0);
    }
}
