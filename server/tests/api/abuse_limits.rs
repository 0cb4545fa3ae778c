//! Limits on what anyone may do unauthenticated, on SQLite and PostgreSQL:
//! counted in the database (so they hold across server processes), per the
//! client address a trusted proxy reports, and on the size of a request.

use crate::common::{PASSWORD, backends, browser, spawn, spawn_configured};
use imprimatur_server::auth::passkeys::MAX_PENDING_SIGN_INS;
use imprimatur_server::db::entities::webauthn_ceremony;
use sea_orm::sea_query::Expr;
use sea_orm::{EntityTrait, PaginatorTrait, Set};

#[tokio::test]
async fn a_password_lockout_earned_on_one_server_holds_on_another() {
    for backend in backends() {
        let app = spawn(backend).await;
        for _ in 0..5 {
            let res = app.sign_in("cus@acme.test", "wrong password").await;
            assert_eq!(res.status(), 401, "{backend:?}");
        }
        let other = app.another_server().await;
        let res = other.sign_in("cus@acme.test", PASSWORD).await;
        assert_eq!(
            res.status(),
            429,
            "{backend:?}: the count lives in the database"
        );
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Too many failed sign-ins")
        );
        assert_eq!(other.sessions().await, 0);
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_the_last_forwarded_hop_not_the_first() {
    for backend in backends() {
        let proxy = [("IMPRIMATUR_SERVER_TRUSTED_PROXY", "127.0.0.1")];
        let app = spawn_configured(backend, true, &proxy).await;
        // The client writes whatever first hops it likes; the proxy appends
        // the address it saw.
        for i in 0..30 {
            let res = app
                .post("/api/sign_in")
                .header("x-forwarded-for", format!("10.1.0.{i}, 203.0.113.5"))
                .form(&[
                    ("email", format!("spray{i}@acme.test")),
                    ("password", "x".into()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 401, "{backend:?}");
        }
        let res = app
            .post("/api/sign_in")
            .header("x-forwarded-for", "10.9.9.9, 203.0.113.5")
            .form(&[("email", "paul@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "{backend:?}: 203.0.113.5 is locked");
        // Claiming the locked address as a first hop does not make it yours.
        let res = browser()
            .post(app.url("/api/sign_in"))
            .header("origin", &app.base)
            .header("x-forwarded-for", "203.0.113.5, 198.51.100.7")
            .form(&[("email", "paul@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{backend:?}: 198.51.100.7 is not locked");
    }
}

async fn start_passkey_sign_in(app: &crate::common::TestApp) -> reqwest::Response {
    app.post("/api/passkey_sign_in_start").send().await.unwrap()
}

#[tokio::test]
async fn passkey_sign_in_starts_are_bounded_per_address_and_in_all() {
    for backend in backends() {
        let app = spawn(backend).await;
        for i in 0..60 {
            let res = start_passkey_sign_in(&app).await;
            assert_eq!(res.status(), 200, "{backend:?}: start {i}");
        }
        let res = start_passkey_sign_in(&app).await;
        assert_eq!(res.status(), 429, "{backend:?}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Try again in 15 minutes")
        );
        let stored = webauthn_ceremony::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(stored, 60, "{backend:?}: a refused start stores nothing");

        // However many addresses it comes from, the unfinished ceremonies
        // are bounded in all.
        let app = spawn(backend).await;
        let soon = chrono::Utc::now() + chrono::Duration::minutes(5);
        let rows: Vec<_> = (0..MAX_PENDING_SIGN_INS)
            .map(|i| webauthn_ceremony::ActiveModel {
                id_hash: Set(format!("{i:064}")),
                kind: Set("sign_in".into()),
                user_id: Set(None),
                state: Set("{}".into()),
                expires_at: Set(soon),
            })
            .collect();
        for chunk in rows.chunks(500) {
            webauthn_ceremony::Entity::insert_many(chunk.to_vec())
                .exec(app.db.writer())
                .await
                .unwrap();
        }
        let res = start_passkey_sign_in(&app).await;
        assert_eq!(res.status(), 429, "{backend:?}: too many in progress");
        // Ceremonies nobody finished expire and make room.
        webauthn_ceremony::Entity::update_many()
            .col_expr(
                webauthn_ceremony::Column::ExpiresAt,
                Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
            )
            .exec(app.db.writer())
            .await
            .unwrap();
        let res = start_passkey_sign_in(&app).await;
        assert_eq!(res.status(), 200, "{backend:?}");
        let stored = webauthn_ceremony::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(stored, 1, "{backend:?}: the expired ones are gone");
    }
}

/// Status code of a raw HTTP/1.1 answer.
fn status_line(answer: &[u8]) -> u16 {
    let text = String::from_utf8_lossy(answer);
    text.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_body_over_2_mib_is_refused_with_413_not_422() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    for backend in backends() {
        let app = spawn(backend).await;
        let three_mib = format!("email=a%40b.c&password={}", "x".repeat(3 * 1024 * 1024));
        let res = app
            .post("/api/sign_in")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(three_mib)
            .timeout(std::time::Duration::from_secs(30))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413, "{backend:?}");
        assert!(res.text().await.unwrap().contains("at most 2 MiB"));

        // Without a declared length (chunked), the same. The body is written
        // alongside reading the answer: the server stops reading at 2 MiB.
        let host = app.base.trim_start_matches("http://").to_string();
        let tcp = tokio::net::TcpStream::connect(&host).await.unwrap();
        let (mut reader, mut writer) = tcp.into_split();
        let head = format!(
            "POST /api/sign_in HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            app.base
        );
        let sending = tokio::spawn(async move {
            writer.write_all(head.as_bytes()).await?;
            let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
            for _ in 0..48 {
                writer.write_all(chunk.as_bytes()).await?;
            }
            writer.write_all(b"0\r\n\r\n").await
        });
        let mut answer = Vec::new();
        let read = async {
            let mut buf = [0u8; 4096];
            while !answer.windows(2).any(|w| w == b"\r\n") {
                match reader.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                }
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), read)
            .await
            .expect("an answer within 30 s");
        sending.abort();
        assert_eq!(status_line(&answer), 413, "{backend:?}");

        // A small body still reaches the server function.
        let res = app.sign_in("cus@acme.test", PASSWORD).await;
        assert_eq!(res.status(), 200);
    }
}
