//! A held job's content over HTTP, on SQLite and PostgreSQL: what was
//! approved is what is printed. Approved work changed while on hold goes
//! back for approval, its print partner's work order is withdrawn until
//! then and follows the content approved again, and a work order already
//! in production (codes generated) refuses the change.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{approval_decision, company, order, partnership, work_order};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

/// Acme's approved jobs become work orders at Inkworks.
async fn partner_acme_with_inkworks(app: &TestApp) {
    partnership::ActiveModel {
        partner_id: Set(app.company_id("inkworks").await),
        customer_id: Set(app.company_id("acme").await),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(app.db.writer())
    .await
    .unwrap();
}

async fn place(app: &TestApp, b: &reqwest::Client, title: &str, copies: i32) -> i64 {
    let flyer = app.product_named("Sales flyer A5").await.id;
    let form = [
        ("order[product_id]", flyer.to_string()),
        ("order[quantity]", copies.to_string()),
        ("order[title]", title.to_string()),
        ("order[approvers]", String::new()),
        ("order[idempotency_key]", String::new()),
    ];
    let (status, id) = app.answer_to(b, "/api/place_order", &form).await;
    assert_eq!(status, 200, "{id}");
    id.as_i64().unwrap()
}

async fn to(app: &TestApp, b: &reqwest::Client, id: i64, change: &str) -> u16 {
    let form = [("order_id", id.to_string()), ("change", change.to_string())];
    app.status_of(b, "/api/change_job_status", &form).await
}

async fn approve(app: &TestApp, b: &reqwest::Client, id: i64) -> u16 {
    let form = [
        ("order_id", id.to_string()),
        ("approve", "true".to_string()),
        ("comment", String::new()),
    ];
    app.status_of(b, "/api/decide_order", &form).await
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

async fn work_orders_of(app: &TestApp, id: i64) -> Vec<work_order::Model> {
    work_order::Entity::find()
        .filter(work_order::Column::OrderId.eq(id))
        .all(&app.db.read)
        .await
        .unwrap()
}

/// The state, copies and title of the job's one work order.
async fn work_order_of(app: &TestApp, id: i64) -> (String, i32, String) {
    let mut found = work_orders_of(app, id).await;
    assert_eq!(found.len(), 1, "one work order per job");
    let w = found.remove(0);
    (w.state, w.quantity, w.title)
}

fn wo(state: &str, copies: i32, title: &str) -> (String, i32, String) {
    (state.to_string(), copies, title.to_string())
}

#[tokio::test]
async fn an_edited_held_job_needs_approval_again_and_its_work_order_follows_what_was_approved() {
    for backend in backends() {
        let app = spawn(backend).await;
        partner_acme_with_inkworks(&app).await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let paul = app.signed_in_browser("paul@acme.test").await;
        let id = place(&app, &cus, "Winter fair flyer", 250).await;
        assert_eq!(approve(&app, &paul, id).await, 200, "{backend:?}");
        assert_eq!(
            work_order_of(&app, id).await,
            wo("new", 250, "Winter fair flyer")
        );

        // Held, changed to 100,000 copies of new content: nobody approved that.
        assert_eq!(to(&app, &cus, id, "hold").await, 200);
        let changed = edit(id, "Winter fair flyer, new prices", 100_000);
        assert_eq!(
            app.status_of(&cus, "/api/edit_order", &changed).await,
            200,
            "{backend:?}"
        );
        let held = job(&app, id).await;
        assert_eq!(
            (held.state.as_str(), held.held_from.as_deref()),
            ("on_hold", Some("awaiting_approval")),
            "{backend:?}"
        );
        // The partner no longer prints the old copies, and the old
        // decision no longer describes the job.
        assert_eq!(
            work_order_of(&app, id).await,
            wo("cancelled", 250, "Winter fair flyer")
        );
        let decisions = approval_decision::Entity::find()
            .filter(approval_decision::Column::OrderId.eq(id))
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(decisions, 0, "{backend:?}");

        // Released, it waits for approval; approved again, the same work
        // order carries the new content.
        assert_eq!(to(&app, &cus, id, "release").await, 200);
        assert_eq!(job(&app, id).await.state, "awaiting_approval");
        assert_eq!(to(&app, &cus, id, "ship").await, 409, "{backend:?}");
        assert_eq!(approve(&app, &paul, id).await, 200, "{backend:?}");
        assert_eq!(job(&app, id).await.state, "approved");
        assert_eq!(
            work_order_of(&app, id).await,
            wo("new", 100_000, "Winter fair flyer, new prices"),
            "{backend:?}"
        );

        // Once the partner generated its codes, the job is in production:
        // the change is refused plainly and nothing moves.
        let w = work_orders_of(&app, id).await.remove(0);
        let mut started = w.clone().into_active_model();
        started.state = Set("codes_ready".into());
        started.codes_seed = Set(Some("ab".repeat(32)));
        started.codes_at = Set(Some(chrono::Utc::now()));
        started.update(app.db.writer()).await.unwrap();
        assert_eq!(to(&app, &cus, id, "hold").await, 200);
        let before = job(&app, id).await;
        let (status, answer) = app
            .answer_to(&cus, "/api/edit_order", &edit(id, "Summer flyer", 10))
            .await;
        assert_eq!(status, 409, "{backend:?} {answer}");
        assert!(answer.to_string().contains("in production"), "{answer}");
        assert_eq!(job(&app, id).await, before);
        assert_eq!(
            work_order_of(&app, id).await,
            wo("codes_ready", 100_000, "Winter fair flyer, new prices")
        );
        assert_eq!(to(&app, &cus, id, "release").await, 200);
        assert_eq!(job(&app, id).await.state, "approved");
    }
}

#[tokio::test]
async fn where_orders_need_no_approval_a_held_jobs_work_order_follows_its_new_content() {
    for backend in backends() {
        let app = spawn(backend).await;
        partner_acme_with_inkworks(&app).await;
        let acme = company::Entity::find_by_id(app.company_id("acme").await)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let mut open = acme.into_active_model();
        open.orders_need_approval = Set(false);
        open.update(app.db.writer()).await.unwrap();
        let cus = app.signed_in_browser("cus@acme.test").await;
        let id = place(&app, &cus, "Shop window flyer", 40).await;
        assert_eq!(job(&app, id).await.state, "approved", "{backend:?}");
        assert_eq!(to(&app, &cus, id, "hold").await, 200);
        let changed = edit(id, "Shop window flyer, big", 400);
        assert_eq!(app.status_of(&cus, "/api/edit_order", &changed).await, 200);
        assert_eq!(
            work_order_of(&app, id).await,
            wo("new", 400, "Shop window flyer, big"),
            "{backend:?}"
        );
        assert_eq!(to(&app, &cus, id, "release").await, 200);
        assert_eq!(job(&app, id).await.state, "approved", "{backend:?}");
    }
}
