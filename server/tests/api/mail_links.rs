//! One-time links never rest in the outbox: the body keeps a placeholder,
//! the link is sealed under the server's secret, readers of the mailbox see
//! it removed, and delivery erases the seal. On SQLite and PostgreSQL.

use imprimatur_server::db::entities::mail;
use imprimatur_server::mail_links::REMOVED;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{TestApp, backends, browser, spawn};

/// The token of the newest message to `to`, once the reset mail is queued.
async fn mailed_token(app: &TestApp, to: &str) -> String {
    for _ in 0..100 {
        if app.last_mail_to(to).await.is_some() {
            return app.token_mailed_to(to).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no mail to {to}");
}

async fn stored(app: &TestApp, to: &str) -> Vec<mail::Model> {
    mail::Entity::find()
        .filter(mail::Column::Recipient.eq(to))
        .all(&app.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_password_reset_link_is_neither_stored_nor_shown_in_the_outbox() {
    for backend in backends() {
        let app = spawn(backend).await;
        let asked = app
            .post_as(&browser(), "/api/request_password_reset")
            .form(&[("email", "cus@acme.test")])
            .send()
            .await
            .unwrap();
        assert!(asked.status().is_success(), "{backend:?}");
        let token = mailed_token(&app, "cus@acme.test").await;
        assert_eq!(token.len(), 64);

        // What a database backup holds: no token in any column.
        let rows = stored(&app, "cus@acme.test").await;
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        let at_rest = format!("{} {} {:?}", row.subject, row.body, row.sealed_link);
        assert!(!at_rest.contains(&token), "{backend:?}: {at_rest}");
        assert!(row.sealed_link.is_some());

        // What another platform admin reads on the mailbox page.
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let res = app
            .post_as(&admin, "/api/list_mail")
            .form(&[("to", "cus@acme.test")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let shown = res.text().await.unwrap();
        assert!(!shown.contains(&token), "{backend:?}: {shown}");
        assert!(shown.contains(REMOVED), "{shown}");

        // The recipient's link still works.
        let reset = app
            .post_as(&browser(), "/api/reset_password")
            .form(&[
                ("token", token.as_str()),
                ("password", "a brand new password"),
            ])
            .send()
            .await
            .unwrap();
        assert!(reset.status().is_success(), "{}", reset.status());
    }
}

#[tokio::test]
async fn the_mailbox_shows_links_only_when_the_development_setting_is_on() {
    let app = spawn(crate::common::Backend::Sqlite).await;
    app.post_as(&browser(), "/api/request_password_reset")
        .form(&[("email", "cus@acme.test")])
        .send()
        .await
        .unwrap();
    let token = mailed_token(&app, "cus@acme.test").await;
    let shown = |show_links: bool| {
        let mut config = (*app.config).clone();
        config.mail.show_links = show_links;
        let db = app.db.clone();
        async move {
            imprimatur_server::mail::for_mailbox(&db, &config, Some("cus@acme.test"), 1)
                .await
                .unwrap()[0]
                .body
                .clone()
        }
    };
    assert!(!shown(false).await.contains(&token));
    assert!(shown(true).await.contains(&token));
}
