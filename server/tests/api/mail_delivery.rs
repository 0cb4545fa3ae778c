//! The outbox goes out through an SMTP relay when one is configured: here
//! a small fake relay on loopback. On SQLite and PostgreSQL.

use std::sync::{Arc, Mutex};

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::mail::{self, Message};
use imprimatur_server::mail_delivery::{deliver_round, relay};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A relay that speaks just enough SMTP; refuses recipients starting with
/// "bounce". Returns its port and what it received.
async fn fake_relay() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            store.lock().unwrap().push(data.take().unwrap());
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 fake\r\n"
                    } else if upper.starts_with("RCPT TO:<BOUNCE") {
                        b"550 no such mailbox\r\n"
                    } else if upper.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go on\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, received)
}

async fn queue(app: &TestApp, to: &str, subject: &str) {
    mail::queue(
        app.db.writer(),
        Message {
            to: to.into(),
            subject: subject.into(),
            body: "Hello.".into(),
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn queued_mail_is_delivered_once_and_a_refused_message_says_why() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (port, received) = fake_relay().await;
        let mut config = (*app.config).clone();
        config.mail.smtp_url = format!("smtp://127.0.0.1:{port}");
        let relay = relay(&config).unwrap().expect("a relay");

        queue(&app, "nina@acme.test", "Welcome aboard").await;
        queue(&app, "bounce@acme.test", "Nobody home").await;
        assert_eq!(
            deliver_round(&app.db, &config, &relay).await.unwrap(),
            1,
            "{backend:?}"
        );
        let got = received.lock().unwrap().clone();
        assert_eq!(got.len(), 1);
        assert!(got[0].contains("Subject: Welcome aboard"), "{got:?}");
        assert!(got[0].contains("To: nina@acme.test"), "{got:?}");

        let rows = mail::latest(&app.db, None, 10).await.unwrap();
        let status = |to: &str| rows.iter().find(|m| m.to == to).unwrap().delivery.clone();
        assert!(status("nina@acme.test").starts_with("sent "));
        assert!(
            status("bounce@acme.test").starts_with("not delivered"),
            "{rows:?}"
        );

        // Nothing is sent twice.
        assert_eq!(deliver_round(&app.db, &config, &relay).await.unwrap(), 0);
        assert_eq!(received.lock().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn delivery_sends_the_sealed_link_and_then_erases_it_from_the_outbox() {
    use imprimatur_server::db::entities::mail as outbox;
    use sea_orm::EntityTrait;
    for backend in backends() {
        let app = spawn(backend).await;
        let (port, received) = fake_relay().await;
        let mut config = (*app.config).clone();
        config.mail.smtp_url = format!("smtp://127.0.0.1:{port}");
        let relay = relay(&config).unwrap().expect("a relay");
        let link = "http://localhost/reset-password?token=0123abcd";
        mail::queue_with_link(
            app.db.writer(),
            &config,
            Message {
                to: "nina@acme.test".into(),
                subject: "A link".into(),
                body: format!("Here:\n{link}\n"),
            },
            link,
        )
        .await
        .unwrap();
        assert_eq!(deliver_round(&app.db, &config, &relay).await.unwrap(), 1);
        let got = received.lock().unwrap().clone();
        assert!(got[0].contains("token=0123abcd"), "{backend:?}: {got:?}");
        let rows = outbox::Entity::find().all(&app.db.read).await.unwrap();
        let row = rows
            .iter()
            .find(|m| m.recipient == "nina@acme.test")
            .unwrap();
        assert_eq!(row.sealed_link, None, "{backend:?}");
        assert!(!row.body.contains("0123abcd"));
    }
}

#[tokio::test]
async fn a_relay_that_is_down_leaves_the_mail_queued() {
    let app = spawn(crate::common::Backend::Sqlite).await;
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut config = (*app.config).clone();
    config.mail.smtp_url = format!("smtp://127.0.0.1:{port}");
    let relay = relay(&config).unwrap().unwrap();
    queue(&app, "nina@acme.test", "Later").await;
    assert_eq!(deliver_round(&app.db, &config, &relay).await.unwrap(), 0);
    let rows = mail::latest(&app.db, None, 1).await.unwrap();
    assert_eq!(rows[0].delivery, "queued");
}

#[test]
fn a_bad_relay_address_is_refused_with_a_clear_message() {
    let text = include_str!("../../../Leptos.toml");
    let config = imprimatur_server::config::Config::from_toml_and_env(
        text,
        [(
            "IMPRIMATUR_MAIL_SMTP_URL".to_string(),
            "gopher://x".to_string(),
        )],
    )
    .unwrap();
    let e = relay(&config).err().unwrap();
    assert!(e.contains("mail.smtp_url"), "{e}");
}
