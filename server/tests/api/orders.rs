//! The storefront over HTTP, on SQLite and PostgreSQL: ordering, the
//! approval ladder, outside approvers' one-time links, re-ordering, and the
//! two concurrency promises (one decision per approval; one order per
//! idempotency key).

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{approval_decision, order};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn product_id(app: &TestApp, name: &str) -> i64 {
    app.product_named(name).await.id
}

fn order_form(product: i64, title: &str, approvers: &str, key: &str) -> Vec<(String, String)> {
    [
        ("order[product_id]", product.to_string()),
        ("order[quantity]", "10".to_string()),
        ("order[title]", title.to_string()),
        ("order[approvers]", approvers.to_string()),
        ("order[idempotency_key]", key.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn place(
    app: &TestApp,
    b: &reqwest::Client,
    form: &[(String, String)],
) -> (u16, serde_json::Value) {
    app.answer_to(b, "/api/place_order", form).await
}

fn decide(id: i64, approve: bool) -> [(&'static str, String); 3] {
    [
        ("order_id", id.to_string()),
        ("approve", approve.to_string()),
        ("comment", "Looks right".to_string()),
    ]
}

async fn inbox_ids(app: &TestApp, b: &reqwest::Client) -> Vec<i64> {
    let v = app.json_from(b, "/api/approval_inbox").await;
    v.as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_i64()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn orders_wait_for_the_approver_their_roles_name_and_get_exactly_one_decision() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cards = product_id(&app, "Business cards").await;
        let poster = product_id(&app, "Event poster A2").await;
        let flyer = product_id(&app, "Sales flyer A5").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let cora = app.signed_in_browser("cora@acme.test").await;
        let paul = app.signed_in_browser("paul@acme.test").await;
        let carl = app.signed_in_browser("carl@acme.test").await;

        // Cus (Sales) cannot order Marketing's poster: it is not built for her.
        assert_eq!(
            place(&app, &cus, &order_form(poster, "x", "", "")).await.0,
            404,
            "{backend:?}"
        );
        // Bad input is refused and writes nothing.
        let before = order::Entity::find().count(&app.db.read).await.unwrap();
        assert_eq!(
            place(&app, &cus, &order_form(cards, " ", "", "")).await.0,
            422
        );
        assert_eq!(
            place(
                &app,
                &cus,
                &order_form(cards, "x", "nobody@elsewhere.test", "")
            )
            .await
            .0,
            422
        );
        assert_eq!(
            order::Entity::find().count(&app.db.read).await.unwrap(),
            before
        );

        let (status, id) = place(&app, &cus, &order_form(flyer, "Autumn flyer", "", "")).await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let cus_order = id.as_i64().unwrap();
        let (_, id) = place(&app, &cora, &order_form(poster, "Fair poster", "", "")).await;
        let cora_order = id.as_i64().unwrap();

        // Power User Paul (Sales) approves Sales' orders, not Marketing's.
        assert!(inbox_ids(&app, &paul).await.contains(&cus_order));
        assert!(!inbox_ids(&app, &paul).await.contains(&cora_order));
        assert_eq!(
            app.status_of(&paul, "/api/decide_order", &decide(cora_order, true))
                .await,
            404
        );
        // Cus approves nothing, not even her own.
        assert_eq!(
            app.status_of(&cus, "/api/decide_order", &decide(cus_order, true))
                .await,
            403
        );
        assert_eq!(
            app.status_of(&paul, "/api/decide_order", &decide(cus_order, true))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&carl, "/api/decide_order", &decide(cus_order, false))
                .await,
            409
        );
        // Customer Plus Cora's role reaches her own, but nobody approves
        // what they ordered: the Company Manager decides hers.
        assert!(inbox_ids(&app, &cora).await.is_empty());
        assert_eq!(
            app.status_of(&cora, "/api/decide_order", &decide(cora_order, false))
                .await,
            403
        );
        assert_eq!(
            app.status_of(&carl, "/api/decide_order", &decide(cora_order, false))
                .await,
            200
        );

        let mail = app.last_mail_to("cus@acme.test").await.unwrap();
        assert!(mail.subject.contains("approved"), "{}", mail.subject);
        let decisions = approval_decision::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(decisions, 2);

        // Cus sees her own jobs, searches them, and orders one again.
        let mine = app
            .json_from_form(
                &cus,
                "/api/list_orders",
                &[
                    ("query[text]", "autumn"),
                    ("query[state]", "approved"),
                    ("query[from]", ""),
                    ("query[to]", ""),
                ],
            )
            .await;
        assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
        assert!(
            mine[0]["decision"]
                .as_str()
                .unwrap()
                .starts_with("Approved by Paul"),
            "{mine}"
        );
        let again = app
            .json_from_form(
                &cus,
                "/api/reorder",
                &[
                    ("order_id", &cus_order.to_string()),
                    ("idempotency_key", ""),
                ],
            )
            .await;
        let again = again.as_i64().unwrap();
        let row = order::Entity::find_by_id(again)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.reorder_of, row.title.as_str(), row.state.as_str()),
            (Some(cus_order), "Autumn flyer", "awaiting_approval")
        );
        // Nobody re-orders someone else's job.
        assert_eq!(
            app.status_of(
                &cora,
                "/api/reorder",
                &[
                    ("order_id", cus_order.to_string()),
                    ("idempotency_key", String::new())
                ]
            )
            .await,
            404
        );
    }
}

#[tokio::test]
async fn an_outside_approver_decides_once_through_the_mailed_link() {
    for backend in backends() {
        let app = spawn(backend).await;
        let letterhead = product_id(&app, "Letterhead").await;
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        // Globex accepts outside approvers from partner.test only.
        assert_eq!(
            place(
                &app,
                &cliff,
                &order_form(letterhead, "Letterhead 2027", "eve@elsewhere.test", "")
            )
            .await
            .0,
            422
        );
        let (status, id) = place(
            &app,
            &cliff,
            &order_form(
                letterhead,
                "Letterhead 2027",
                "eve@partner.test, april@globex.test",
                "",
            ),
        )
        .await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let id = id.as_i64().unwrap();
        // April, a designated Approver, sees exactly the orders she is asked about.
        let april = app.signed_in_browser("april@globex.test").await;
        assert_eq!(inbox_ids(&app, &april).await, vec![id]);

        let token = app.token_mailed_to("eve@partner.test").await;
        let look = app
            .json_from_form(
                &crate::common::browser(),
                "/api/approval_link",
                &[("token", &token)],
            )
            .await;
        assert_eq!(look["order"]["id"].as_i64(), Some(id), "{look}");
        // Looking twice uses nothing up.
        let look = app
            .json_from_form(
                &crate::common::browser(),
                "/api/approval_link",
                &[("token", &token)],
            )
            .await;
        assert_eq!(look["email"], "eve@partner.test");
        let form = [
            ("token", token.clone()),
            ("approve", "true".into()),
            ("comment", "Fine by me".into()),
        ];
        assert_eq!(
            app.status_of(&crate::common::browser(), "/api/decide_by_link", &form)
                .await,
            200
        );
        assert_eq!(
            app.status_of(&crate::common::browser(), "/api/decide_by_link", &form)
                .await,
            404
        );
        assert_eq!(
            app.status_of(
                &crate::common::browser(),
                "/api/approval_link",
                &[("token", token.as_str())]
            )
            .await,
            404
        );
        let d = approval_decision::Entity::find()
            .filter(approval_decision::Column::OrderId.eq(id))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (d.approved, d.external_email.as_deref(), d.user_id),
            (true, Some("eve@partner.test"), None)
        );
        assert!(d.client_addr.is_some());
        // April comes too late.
        assert_eq!(
            app.status_of(&april, "/api/decide_order", &decide(id, false))
                .await,
            409
        );
    }
}

#[tokio::test]
async fn fifty_parallel_submits_with_one_key_make_one_order_and_another_payload_is_refused() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cards = product_id(&app, "Business cards").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let form = order_form(cards, "Cards for Ana", "", "key-0123456789");
        let answers = futures::future::join_all((0..50).map(|_| place(&app, &cus, &form))).await;
        let ids: std::collections::BTreeSet<i64> = answers
            .iter()
            .map(|(s, v)| {
                assert_eq!(*s, 200, "{backend:?} {v}");
                v.as_i64().unwrap()
            })
            .collect();
        assert_eq!(ids.len(), 1, "{backend:?}");
        let made = order::Entity::find()
            .filter(order::Column::Title.eq("Cards for Ana"))
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(made, 1);
        let other = order_form(cards, "Cards for Bo", "", "key-0123456789");
        assert_eq!(place(&app, &cus, &other).await.0, 409);
    }
}

#[tokio::test]
async fn eight_concurrent_approvals_record_exactly_one_decision_in_each_of_1000_trials() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cards = product_id(&app, "Business cards").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let approvers = [
            app.signed_in_browser("paul@acme.test").await,
            app.signed_in_browser("dora@acme.test").await,
            app.signed_in_browser("carl@acme.test").await,
        ];
        let mut ids = Vec::new();
        for i in 0..1000 {
            let (status, id) = place(
                &app,
                &cus,
                &order_form(cards, &format!("Trial {i}"), "", ""),
            )
            .await;
            assert_eq!(status, 200);
            ids.push(id.as_i64().unwrap());
        }
        let app = &app;
        for id in &ids {
            let tries = (0..8).map(|k| {
                let b = &approvers[k % approvers.len()];
                let approve = k % 2 == 0;
                async move {
                    app.status_of(b, "/api/decide_order", &decide(*id, approve))
                        .await
                }
            });
            let statuses = futures::future::join_all(tries).await;
            let won = statuses.iter().filter(|s| **s == 200).count();
            let lost = statuses.iter().filter(|s| **s == 409).count();
            assert_eq!((won, lost), (1, 7), "{backend:?} order {id}: {statuses:?}");
        }
        let decisions = approval_decision::Entity::find()
            .filter(approval_decision::Column::OrderId.is_in(ids.clone()))
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(decisions, 1000, "{backend:?}");
    }
}

fn edit_form(id: i64, title: &str, copies: &str) -> [(&'static str, String); 3] {
    [
        ("order_id", id.to_string()),
        ("title", title.to_string()),
        ("quantity", copies.to_string()),
    ]
}

async fn stored(app: &TestApp, id: i64) -> order::Model {
    order::Entity::find_by_id(id)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_jobs_content_changes_until_it_is_approved_and_never_after() {
    for backend in backends() {
        let app = spawn(backend).await;
        let flyer = product_id(&app, "Sales flyer A5").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let paul = app.signed_in_browser("paul@acme.test").await;
        let cora = app.signed_in_browser("cora@acme.test").await;
        let (status, id) = place(&app, &cus, &order_form(flyer, "Autumn flyr", "", "")).await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let id = id.as_i64().unwrap();
        let before = stored(&app, id).await;

        // Bad input changes nothing.
        for (title, copies) in [(" ", "10"), ("Autumn flyer", "0"), ("Autumn flyer", "x")] {
            let status = app
                .status_of(&cus, "/api/edit_order", &edit_form(id, title, copies))
                .await;
            assert!(
                matches!(status, 400 | 422),
                "{backend:?} {title:?} {copies}: {status}"
            );
        }
        assert_eq!(stored(&app, id).await, before);
        // Only the orderer edits (Customer: own jobs); Paul may see it, Cora may not.
        let fix = edit_form(id, "Autumn flyer", "40");
        assert_eq!(app.status_of(&paul, "/api/edit_order", &fix).await, 403);
        assert_eq!(app.status_of(&cora, "/api/edit_order", &fix).await, 404);
        assert_eq!(app.status_of(&cus, "/api/edit_order", &fix).await, 200);
        let after = stored(&app, id).await;
        assert_eq!((after.title.as_str(), after.quantity), ("Autumn flyer", 40));
        // Other copies are priced as the product is priced per copy.
        assert_eq!(after.price_cents, before.price_cents / 10 * 40);
        assert_eq!(app.audit_count("order.edited", "ok").await, 1);

        // Once approved, the content is fixed.
        assert_eq!(
            app.status_of(&paul, "/api/decide_order", &decide(id, true))
                .await,
            200
        );
        let late = edit_form(id, "Winter flyer", "40");
        assert_eq!(app.status_of(&cus, "/api/edit_order", &late).await, 409);
        assert_eq!(stored(&app, id).await.title, "Autumn flyer");

        // An edit racing an approval: either it lands before (and the
        // approval covers it) or it is refused; never after the approval.
        for trial in 0..10 {
            let title = format!("Race {trial}");
            let (_, id) = place(&app, &cus, &order_form(flyer, &title, "", "")).await;
            let id = id.as_i64().unwrap();
            let edit = edit_form(id, &format!("{title} edited"), "10");
            let approve = decide(id, true);
            let (edited, approved) = tokio::join!(
                app.status_of(&cus, "/api/edit_order", &edit),
                app.status_of(&paul, "/api/decide_order", &approve),
            );
            assert_eq!(approved, 200, "{backend:?}");
            let o = stored(&app, id).await;
            assert_eq!(o.state, "approved");
            match edited {
                200 => assert_eq!(o.title, format!("{title} edited")),
                409 => assert_eq!(o.title, title),
                other => panic!("{backend:?}: edit answered {other}"),
            }
        }
    }
}

fn status_form(id: i64, change: &str) -> [(&'static str, String); 2] {
    [("order_id", id.to_string()), ("change", change.to_string())]
}

async fn state_of(app: &TestApp, id: i64) -> (String, Option<String>) {
    let o = stored(app, id).await;
    (o.state, o.held_from)
}

async fn change(app: &TestApp, who: &reqwest::Client, id: i64, change: &str) -> u16 {
    app.status_of(who, "/api/change_job_status", &status_form(id, change))
        .await
}

fn is(state: &str, held_from: Option<&str>) -> (String, Option<String>) {
    (state.to_string(), held_from.map(str::to_string))
}

#[tokio::test]
async fn a_customer_holds_releases_and_ships_her_own_job_and_a_held_job_cannot_be_approved() {
    for backend in backends() {
        let app = spawn(backend).await;
        let flyer = product_id(&app, "Sales flyer A5").await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let paul = app.signed_in_browser("paul@acme.test").await;
        let cora = app.signed_in_browser("cora@acme.test").await;
        let (_, id) = place(&app, &cus, &order_form(flyer, "Hold me", "", "")).await;
        let id = id.as_i64().unwrap();
        let waiting = is("awaiting_approval", None);
        assert_eq!(state_of(&app, id).await, waiting);

        // Bad input and changes the status does not allow change nothing.
        assert_eq!(change(&app, &cus, id, "explode").await, 422);
        assert_eq!(
            change(&app, &cus, id, "ship").await,
            409,
            "not approved yet"
        );
        assert_eq!(change(&app, &cus, id, "release").await, 409, "not on hold");
        // Customers hold their own jobs only; Paul sees this one, Cora does not.
        assert_eq!(change(&app, &paul, id, "hold").await, 403);
        assert_eq!(change(&app, &cora, id, "hold").await, 404);
        assert_eq!(state_of(&app, id).await, waiting);

        // Held while waiting: no approval until it is released.
        assert_eq!(change(&app, &cus, id, "hold").await, 200);
        assert_eq!(
            state_of(&app, id).await,
            is("on_hold", Some("awaiting_approval"))
        );
        assert!(!inbox_ids(&app, &paul).await.contains(&id));
        let approve = decide(id, true);
        assert_eq!(
            app.status_of(&paul, "/api/decide_order", &approve).await,
            409
        );
        assert_eq!(change(&app, &cus, id, "release").await, 200);
        assert_eq!(state_of(&app, id).await, waiting);
        assert_eq!(
            app.status_of(&paul, "/api/decide_order", &approve).await,
            200
        );

        // Held after approval: released back to approved, then shipped.
        assert_eq!(change(&app, &cus, id, "hold").await, 200);
        assert_eq!(state_of(&app, id).await, is("on_hold", Some("approved")));
        assert_eq!(change(&app, &cus, id, "ship").await, 409, "on hold");
        assert_eq!(change(&app, &cus, id, "release").await, 200);
        assert_eq!(state_of(&app, id).await, is("approved", None));
        assert_eq!(change(&app, &cus, id, "ship").await, 200);
        assert_eq!(state_of(&app, id).await, is("shipped", None));
        assert_eq!(change(&app, &cus, id, "hold").await, 409, "shipped");
        assert_eq!(app.audit_count("order.held", "ok").await, 2);
        assert_eq!(app.audit_count("order.released", "ok").await, 2);
        assert_eq!(app.audit_count("order.shipped", "ok").await, 1);

        // A hold racing an approval: the approval lands and the job is held
        // after it, or the hold lands and the approval waits.
        for trial in 0..10 {
            let (_, id) = place(
                &app,
                &cus,
                &order_form(flyer, &format!("Race {trial}"), "", ""),
            )
            .await;
            let id = id.as_i64().unwrap();
            let approve = decide(id, true);
            let (held, approved) = tokio::join!(
                change(&app, &cus, id, "hold"),
                app.status_of(&paul, "/api/decide_order", &approve),
            );
            let now = state_of(&app, id).await;
            match (held, approved) {
                (200, 200) => assert_eq!(now, is("on_hold", Some("approved")), "{backend:?}"),
                (200, 409) => {
                    assert_eq!(now, is("on_hold", Some("awaiting_approval")), "{backend:?}")
                }
                (409, 200) => assert_eq!(now, is("approved", None), "{backend:?}"),
                other => panic!("{backend:?}: hold and approval answered {other:?}"),
            }
        }
    }
}

async fn flyer_department(app: &TestApp, product: i64) -> i64 {
    use imprimatur_server::db::entities::product;
    product::Entity::find_by_id(product)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .department_id
        .unwrap()
}

/// `email` joins a new group of Acme that holds `role` at `department`.
async fn give_through_group(app: &TestApp, email: &str, role: &str, department: i64) {
    use imprimatur_server::db::entities::{group_member, group_role, member_group};
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    let group = member_group::ActiveModel {
        company_id: Set(app.company_id("acme").await),
        name: Set("Floor approvers".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(app.db.writer())
    .await
    .unwrap();
    group_role::ActiveModel {
        group_id: Set(group.id),
        role: Set(role.into()),
        department_id: Set(Some(department)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(app.db.writer())
    .await
    .unwrap();
    group_member::ActiveModel {
        group_id: Set(group.id),
        user_id: Set(app.user_id(email).await),
    }
    .insert(app.db.writer())
    .await
    .unwrap();
}

#[tokio::test]
async fn the_members_whose_roles_may_approve_a_waiting_job_are_mailed_and_nobody_else() {
    for backend in backends() {
        let app = spawn(backend).await;
        let flyer = product_id(&app, "Sales flyer A5").await;
        // Ute approves Sales' jobs only through a member group holding Power User there.
        let sales = flyer_department(&app, flyer).await;
        give_through_group(&app, "ute@acme.test", "power_user", sales).await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let (status, id) =
            place(&app, &cus, &order_form(flyer, "Mail the approvers", "", "")).await;
        assert_eq!(status, 200, "{backend:?} {id}");
        let subject = format!("Print job #{} waits for approval", id.as_i64().unwrap());
        let mailed = |email: &'static str| {
            let app = &app;
            let subject = subject.clone();
            async move {
                app.last_mail_to(email)
                    .await
                    .is_some_and(|m| m.subject == subject)
            }
        };
        // Sales' Power User and Department Manager, the Company Manager, and
        // the Junior Admin assigned to Acme may approve a Sales job.
        for email in [
            "paul@acme.test",
            "dora@acme.test",
            "carl@acme.test",
            "junior@imprimatur.test",
            "ute@acme.test",
        ] {
            assert!(mailed(email).await, "{backend:?}: {email} was not mailed");
        }
        // Marketing's Customer Plus reaches her own only (which separation
        // of duties refuses anyway); the orderer, the tenant roles and
        // another company's managers are not asked.
        for email in [
            "cora@acme.test",
            "cus@acme.test",
            "tina@acme.test",
            "sam@globex.test",
        ] {
            assert!(!mailed(email).await, "{backend:?}: {email} was mailed");
        }
    }
}
