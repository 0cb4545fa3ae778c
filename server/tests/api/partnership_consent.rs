//! Attack class: cross-tenant claims. A print partner cannot make itself a
//! customer's partner (and receive its approved jobs as work orders): the
//! customer's administrator has to accept, and asking tells the partner
//! nothing about companies that did not. On SQLite and PostgreSQL.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{partnership, partnership_request, work_order};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn ask(partner: i64, slug: &str) -> [(&'static str, String); 3] {
    [
        ("partner_id", partner.to_string()),
        ("customer", slug.to_string()),
        ("add", "true".to_string()),
    ]
}

async fn acme_partners(app: &TestApp, acme: i64) -> u64 {
    partnership::Entity::find()
        .filter(partnership::Column::CustomerId.eq(acme))
        .count(&app.db.read)
        .await
        .unwrap()
}

async fn requests(app: &TestApp) -> Vec<partnership_request::Model> {
    partnership_request::Entity::find()
        .all(&app.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_print_partner_cannot_claim_a_customer_without_its_consent() {
    for backend in backends() {
        let app = spawn(backend).await;
        let inkworks = app.company_id("inkworks").await;
        let acme = app.company_id("acme").await;
        let ivan = app.signed_in_browser("ivan@inkworks.test").await;

        let real = app
            .answer_to(&ivan, "/api/change_partnership", &ask(inkworks, "acme"))
            .await;
        let made_up = app
            .answer_to(
                &ivan,
                "/api/change_partnership",
                &ask(inkworks, "no-such-company"),
            )
            .await;
        assert_eq!(real.0, 200, "{backend:?} {}", real.1);
        assert_eq!(
            real.1.as_str().map(|s| s.replace("acme", "X")),
            made_up
                .1
                .as_str()
                .map(|s| s.replace("no-such-company", "X")),
            "{backend:?}: the answers tell the companies apart"
        );
        assert_eq!(acme_partners(&app, acme).await, 0, "{backend:?}");
        let waiting = requests(&app).await;
        assert_eq!(waiting.len(), 1, "{backend:?}");
        let request = waiting[0].id.to_string();
        // Asking again is the same one request.
        app.answer_to(&ivan, "/api/change_partnership", &ask(inkworks, "acme"))
            .await;
        assert_eq!(requests(&app).await.len(), 1, "{backend:?}");

        // Acme's Tenant Super Admin is told.
        let mail = app.last_mail_to("tina@acme.test").await.unwrap();
        assert!(
            mail.subject
                .contains("Inkworks Printing asks to print for Acme"),
            "{}",
            mail.subject
        );

        // Nobody but Acme's settings keeper answers for Acme: not the
        // partner, not a Tenant Admin without the settings.
        let accept = [
            ("company_id", acme.to_string()),
            ("request_id", request.clone()),
            ("accept", "true".to_string()),
        ];
        for email in ["ivan@inkworks.test", "tom@acme.test", "carl@acme.test"] {
            let b = app.signed_in_browser(email).await;
            let (status, body) = app.answer_to(&b, "/api/answer_partnership", &accept).await;
            assert_eq!(status, 403, "{backend:?} {email}: {body}");
            let listed = app
                .answer_to(
                    &b,
                    "/api/partnership_requests",
                    &[("company_id", acme.to_string())],
                )
                .await;
            assert_eq!(listed.0, 403, "{backend:?} {email}");
        }
        // Nor for Acme through Inkworks's own settings.
        let through_inkworks = [
            ("company_id", inkworks.to_string()),
            ("request_id", request.clone()),
            ("accept", "true".to_string()),
        ];
        let (status, _) = app
            .answer_to(&ivan, "/api/answer_partnership", &through_inkworks)
            .await;
        assert!(matches!(status, 403 | 404), "{backend:?} {status}");
        assert_eq!(acme_partners(&app, acme).await, 0, "{backend:?}");

        // Meanwhile Acme's approved jobs go nowhere.
        assert_eq!(
            work_order::Entity::find()
                .filter(work_order::Column::CustomerId.eq(acme))
                .count(&app.db.read)
                .await
                .unwrap(),
            0
        );

        // Tina declines: no partnership, no request left.
        let tina = app.signed_in_browser("tina@acme.test").await;
        let decline = [
            ("company_id", acme.to_string()),
            ("request_id", request.clone()),
            ("accept", "false".to_string()),
        ];
        let (status, body) = app
            .answer_to(&tina, "/api/answer_partnership", &decline)
            .await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(
            body,
            serde_json::Value::from("You declined Inkworks Printing's request.")
        );
        assert!(requests(&app).await.is_empty());
        assert_eq!(acme_partners(&app, acme).await, 0);
        let (status, _) = app
            .answer_to(&tina, "/api/answer_partnership", &accept)
            .await;
        assert_eq!(status, 404, "{backend:?}: answered already");
    }
}
