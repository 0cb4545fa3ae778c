//! Several stateless server processes on one database, as behind a load
//! balancer, on SQLite and PostgreSQL: requests alternate between two
//! servers, and nothing one of them holds in memory may matter. Sessions,
//! suspensions, passkey ceremonies and mail delivery all live in the
//! database. (The lockout across servers is in abuse_limits.rs.)

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{PASSWORD, TestApp, backends, browser, session_cookie, spawn};
use crate::soft_authenticator::SoftPasskey;
use imprimatur_server::db::entities::{mail as outbox, session};
use imprimatur_server::mail::{self, Message};
use imprimatur_server::mail_delivery::{self, deliver_round, relay};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const NO_FORM: &[(&str, &str)] = &[];

/// Two servers on one database.
async fn two_servers(backend: crate::common::Backend) -> (TestApp, TestApp) {
    let a = spawn(backend).await;
    let b = a.another_server().await;
    (a, b)
}

/// A browser that sends `cookie` and keeps no cookies of its own: a second
/// tab, or a copy of the cookie, that a sign-out elsewhere did not clear.
fn holding(cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn email_of(app: &TestApp, b: &reqwest::Client) -> Option<String> {
    let me = app.json_from(b, "/api/current_user").await;
    me["email"].as_str().map(str::to_string)
}

/// GET the home page as a browser does: its status and where it redirects.
async fn home_page(app: &TestApp, b: &reqwest::Client) -> (u16, Option<String>, String) {
    let res = b
        .get(app.url("/"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (status, location, res.text().await.unwrap())
}

async fn sessions_of(app: &TestApp, email: &str) -> u64 {
    session::Entity::find()
        .filter(session::Column::UserId.eq(app.user_id(email).await))
        .count(&app.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_session_opened_on_one_server_works_on_the_other_and_a_sign_out_on_either_ends_it() {
    for backend in backends() {
        let (a, b) = two_servers(backend).await;
        let tina = browser();
        let res = a
            .post_as(&tina, "/api/sign_in")
            .form(&[("email", "tina@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{backend:?}");
        let cookie = session_cookie(&res).unwrap();
        let cookie = cookie.split(';').next().unwrap().to_string();
        let acme = a.company_id("acme").await;
        for (round, server) in [&a, &b, &a, &b].into_iter().enumerate() {
            let who = email_of(server, &tina).await;
            assert_eq!(
                who.as_deref(),
                Some("tina@acme.test"),
                "{backend:?} {round}"
            );
            let (status, _, html) = home_page(server, &tina).await;
            assert_eq!(status, 200, "{backend:?} {round}");
            assert!(html.contains("Tina"), "{backend:?} {round}");
            let (status, members) = server
                .answer_to(&tina, "/api/list_members", &[("search", "ute")])
                .await;
            assert_eq!(status, 200, "{backend:?} {round}");
            assert!(members.to_string().contains("ute@acme.test"), "{members}");
            let email = format!("round{round}@acme.test");
            let (status, answer) = server
                .answer_to(
                    &tina,
                    "/api/invite_member",
                    &[
                        ("email", email.as_str()),
                        ("name", "Someone"),
                        ("grant", &format!("{acme}:tenant_user")),
                    ],
                )
                .await;
            assert_eq!(status, 200, "{backend:?} {round}: {answer}");
            // What one server wrote, the other reads.
            let other = if round % 2 == 0 { &b } else { &a };
            assert!(other.last_mail_to(&email).await.is_some(), "{backend:?}");
        }

        let res = b.post_as(&tina, "/api/sign_out").send().await.unwrap();
        assert!(res.status().is_success(), "{backend:?}: {}", res.status());
        // A tab that still holds the cookie is signed out on the other server.
        let tab = holding(&cookie);
        assert_eq!(email_of(&a, &tab).await, None, "{backend:?}");
        let (status, _) = a
            .answer_to(&tab, "/api/list_members", &[("search", "")])
            .await;
        assert_eq!(status, 401, "{backend:?}");
        let (status, location, _) = home_page(&a, &tab).await;
        assert_eq!((status, location.as_deref()), (302, Some("/sign-in")));
        assert_eq!(a.sessions().await, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn a_suspension_through_one_server_stops_the_members_sessions_on_both_at_the_next_request() {
    for backend in backends() {
        let (a, b) = two_servers(backend).await;
        // Ute's sessions: two opened on A, two on B; each used on both, so
        // both servers have seen her signed in.
        let on_a = [
            a.signed_in_browser("ute@acme.test").await,
            a.signed_in_browser("ute@acme.test").await,
        ];
        let on_b = [
            b.signed_in_browser("ute@acme.test").await,
            b.signed_in_browser("ute@acme.test").await,
        ];
        for ute in on_a.iter().chain(&on_b) {
            for server in [&a, &b] {
                let (status, _) = server.answer_to(ute, "/api/my_sessions", NO_FORM).await;
                assert_eq!(status, 200, "{backend:?}");
                assert_eq!(home_page(server, ute).await.0, 200, "{backend:?}");
            }
        }
        assert_eq!(sessions_of(&a, "ute@acme.test").await, 4);

        let tina = a.signed_in_browser("tina@acme.test").await;
        let ute_id = a.user_id("ute@acme.test").await.to_string();
        let (status, answer) = a
            .answer_to(
                &tina,
                "/api/change_member_state",
                &[("user_id", ute_id.as_str()), ("suspend", "true")],
            )
            .await;
        assert_eq!(status, 200, "{backend:?}: {answer}");

        // The next request of each session, B's first.
        let (status, location, _) = home_page(&b, &on_b[0]).await;
        assert_eq!(
            (status, location.as_deref()),
            (302, Some("/sign-in")),
            "{backend:?}"
        );
        let (status, _) = b.answer_to(&on_b[1], "/api/my_sessions", NO_FORM).await;
        assert_eq!(status, 401, "{backend:?}");
        let (status, _) = a.answer_to(&on_a[0], "/api/my_sessions", NO_FORM).await;
        assert_eq!(status, 401, "{backend:?}");
        let (status, location, _) = home_page(&a, &on_a[1]).await;
        assert_eq!((status, location.as_deref()), (302, Some("/sign-in")));
        for ute in on_a.iter().chain(&on_b) {
            for server in [&a, &b] {
                assert_eq!(email_of(server, ute).await, None, "{backend:?}");
            }
        }
        assert_eq!(sessions_of(&a, "ute@acme.test").await, 0, "{backend:?}");
        // Nor can she sign in again on either.
        for server in [&a, &b] {
            assert_eq!(
                server.sign_in("ute@acme.test", PASSWORD).await.status(),
                403
            );
        }
    }
}

/// The members list as `b` asks for it: 200, or 403 without a role that shows it.
async fn members(server: &TestApp, b: &reqwest::Client) -> u16 {
    let (status, _) = server
        .answer_to(b, "/api/list_members", &[("search", "")])
        .await;
    status
}

#[tokio::test]
async fn a_role_given_or_taken_through_one_server_counts_on_the_other_at_the_next_request() {
    use imprimatur_core::Role;
    use imprimatur_server::db::entities::role_assignment;
    for backend in backends() {
        let (a, b) = two_servers(backend).await;
        let ute = b.signed_in_browser("ute@acme.test").await;
        // B has seen Ute as a Tenant User, more than once.
        for _ in 0..3 {
            assert_eq!(members(&b, &ute).await, 403, "{backend:?}");
        }
        let tina = a.signed_in_browser("tina@acme.test").await;
        let (acme, ute_id) = (a.company_id("acme").await, a.user_id("ute@acme.test").await);
        let grant = format!("{acme}:{}", Role::TenantAdmin.slug());
        let (status, answer) = a
            .answer_to(
                &tina,
                "/api/assign_role",
                &[("user_id", ute_id.to_string()), ("grant", grant)],
            )
            .await;
        assert_eq!(status, 200, "{backend:?}: {answer}");
        assert_eq!(
            members(&b, &ute).await,
            200,
            "{backend:?}: given on A, held on B"
        );
        assert_eq!(members(&a, &ute).await, 200, "{backend:?}");

        let given = role_assignment::Entity::find()
            .filter(role_assignment::Column::UserId.eq(ute_id))
            .filter(role_assignment::Column::Role.eq(Role::TenantAdmin.slug()))
            .one(&a.db.read)
            .await
            .unwrap()
            .unwrap();
        let (status, answer) = a
            .answer_to(&tina, "/api/remove_role", &[("assignment_id", given.id)])
            .await;
        assert_eq!(status, 200, "{backend:?}: {answer}");
        assert_eq!(
            members(&b, &ute).await,
            403,
            "{backend:?}: taken on A, gone on B"
        );
        assert_eq!(members(&a, &ute).await, 403, "{backend:?}");
    }
}

#[tokio::test]
async fn a_passkey_ceremony_started_on_one_server_finishes_on_the_other() {
    for backend in backends() {
        let (a, b) = two_servers(backend).await;
        let mut key = SoftPasskey::new(a.config.webauthn.rp_origin.as_str());

        // Registration: started on A, finished on B.
        let ute = a.signed_in_browser("ute@acme.test").await;
        let started = a.json_from(&ute, "/api/passkey_register_start").await;
        let ceremony = started[0].clone();
        let finish = serde_json::json!({
            "ceremony": ceremony,
            "name": "Laptop",
            "credential": key.register(&started[1]),
        });
        let res = b
            .post_as(&ute, "/api/passkey_register_finish")
            .json(&finish)
            .send()
            .await
            .unwrap();
        let status = res.status();
        assert_eq!(status, 200, "{backend:?}: {}", res.text().await.unwrap());
        let listed = a.json_from(&ute, "/api/list_passkeys").await;
        assert_eq!(listed[0]["name"], "Laptop", "{backend:?}: {listed}");
        // The ceremony was used up on B; A does not have it either.
        let again = a.status_of_json(&ute, "/api/passkey_register_finish", &finish);
        assert_eq!(again.await, 409, "{backend:?}");

        // Sign-in: started on B, finished on A.
        let phone = browser();
        let started = b.json_from(&phone, "/api/passkey_sign_in_start").await;
        let finish = serde_json::json!({
            "ceremony": started[0],
            "credential": key.sign_in(&started[1]),
        });
        let res = a
            .post_as(&phone, "/api/passkey_sign_in_finish")
            .json(&finish)
            .send()
            .await
            .unwrap();
        let status = res.status();
        assert_eq!(status, 200, "{backend:?}: {}", res.text().await.unwrap());
        for server in [&b, &a] {
            let who = email_of(server, &phone).await;
            assert_eq!(who.as_deref(), Some("ute@acme.test"), "{backend:?}");
        }
        let stranger = browser();
        let replay = b.status_of_json(&stranger, "/api/passkey_sign_in_finish", &finish);
        assert_eq!(replay.await, 409, "{backend:?}: a ceremony works once");
        assert_eq!(email_of(&b, &stranger).await, None);

        // A second sign-in, the other way round, with the counter moved on.
        let laptop = browser();
        let started = a.json_from(&laptop, "/api/passkey_sign_in_start").await;
        let finish = serde_json::json!({
            "ceremony": started[0],
            "credential": key.sign_in(&started[1]),
        });
        assert_eq!(
            b.status_of_json(&laptop, "/api/passkey_sign_in_finish", &finish)
                .await,
            200,
            "{backend:?}"
        );
    }
}

impl TestApp {
    /// POST JSON to a server function from `b`; the status of the answer.
    async fn status_of_json(
        &self,
        b: &reqwest::Client,
        path: &str,
        body: &serde_json::Value,
    ) -> u16 {
        let res = self.post_as(b, path).json(body).send().await.unwrap();
        res.status().as_u16()
    }
}

/// What a fake SMTP relay saw: every recipient it was offered, and every
/// message it accepted (recipient, text).
#[derive(Default)]
struct Relayed {
    offered: Vec<String>,
    accepted: Vec<(String, String)>,
}

/// A relay that speaks just enough SMTP. It refuses recipients starting
/// with "bounce", and takes half a second to accept a message to one
/// starting with "slow".
async fn fake_relay() -> (u16, Arc<Mutex<Relayed>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Relayed::default()));
    let store = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                let mut to = String::new();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            if to.starts_with("slow") {
                                tokio::time::sleep(Duration::from_millis(500)).await;
                            }
                            let body = data.take().unwrap();
                            store.lock().unwrap().accepted.push((to.clone(), body));
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
                    } else if let Some(rest) =
                        line.get(9..).filter(|_| upper.starts_with("RCPT TO:<"))
                    {
                        to = rest.trim_end_matches('>').to_lowercase();
                        store.lock().unwrap().offered.push(to.clone());
                        if to.starts_with("bounce") {
                            b"550 no such mailbox\r\n"
                        } else {
                            b"250 ok\r\n"
                        }
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
    (port, seen)
}

/// `app`'s configuration with the relay on `port`.
fn relaying(app: &TestApp, port: u16) -> imprimatur_server::config::Config {
    let mut config = (*app.config).clone();
    config.mail.smtp_url = format!("smtp://127.0.0.1:{port}");
    config
}

/// How many messages of the outbox each recipient is owed.
async fn owed(app: &TestApp) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for m in outbox::Entity::find().all(&app.db.read).await.unwrap() {
        *out.entry(m.recipient.to_lowercase()).or_default() += 1;
    }
    out
}

async fn still_queued(app: &TestApp) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::DeliveryError.is_null())
        .count(&app.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn each_queued_mail_is_delivered_exactly_once_by_two_servers_delivering_at_once() {
    for backend in backends() {
        let (a, b) = two_servers(backend).await;
        let tina = a.signed_in_browser("tina@acme.test").await;
        let acme = a.company_id("acme").await;
        let mut invited = Vec::new();
        // Invitations and password links, queued through both servers:
        // more than one delivery round's batch.
        for i in 0..30 {
            let server = if i % 2 == 0 { &a } else { &b };
            let email = if i % 10 == 3 {
                format!("bounce{i}@acme.test")
            } else {
                format!("new{i}@acme.test")
            };
            let (status, answer) = server
                .answer_to(
                    &tina,
                    "/api/invite_member",
                    &[
                        ("email", email.as_str()),
                        ("name", "Someone"),
                        ("grant", &format!("{acme}:tenant_user")),
                    ],
                )
                .await;
            assert_eq!(status, 200, "{backend:?}: {answer}");
            invited.push(email);
        }
        for (server, email) in [(&a, "cus@acme.test"), (&b, "paul@acme.test")] {
            let (status, _) = server
                .answer_to(
                    &browser(),
                    "/api/request_password_reset",
                    &[("email", email)],
                )
                .await;
            assert_eq!(status, 200, "{backend:?}");
        }
        // A reset link is queued just after the answer.
        for email in ["cus@acme.test", "paul@acme.test"] {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
            while a.last_mail_to(email).await.is_none() {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "{backend:?}: {email}"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        let owed = owed(&a).await;
        let deliverable: usize = owed
            .iter()
            .filter(|(to, _)| !to.starts_with("bounce"))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(deliverable, 29, "{backend:?}: {owed:?}");

        let (port, relayed) = fake_relay().await;
        let loops: Vec<_> = [&a, &b]
            .into_iter()
            .map(|server| {
                let config = relaying(server, port);
                let relay = relay(&config).unwrap().unwrap();
                mail_delivery::spawn(server.db.clone(), Arc::new(config), relay)
            })
            .collect();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        while still_queued(&a).await > 0 {
            assert!(tokio::time::Instant::now() < deadline, "{backend:?}: stuck");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // Another round of each, to let a second copy show if there is one.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        for l in loops {
            l.abort();
        }

        let (offered, accepted) = {
            let r = relayed.lock().unwrap();
            (r.offered.clone(), r.accepted.clone())
        };
        let mut received: BTreeMap<String, usize> = BTreeMap::new();
        for (to, _) in &accepted {
            *received.entry(to.clone()).or_default() += 1;
        }
        let expected: BTreeMap<String, usize> = owed
            .iter()
            .filter(|(to, _)| !to.starts_with("bounce"))
            .map(|(to, n)| (to.clone(), *n))
            .collect();
        assert_eq!(received, expected, "{backend:?}: none twice, none lost");
        for (to, body) in &accepted {
            assert!(!to.starts_with("bounce"), "{backend:?}: {to}");
            assert!(body.contains("Subject:"), "{body}");
        }
        for bounce in invited.iter().filter(|e| e.starts_with("bounce")) {
            let tries = offered.iter().filter(|o| *o == bounce).count();
            assert_eq!(tries, 1, "{backend:?}: {bounce} was offered {tries} times");
        }
        // Each invitation went out with its link, which works.
        for email in invited.iter().filter(|e| !e.starts_with("bounce")) {
            let body = &accepted.iter().find(|(to, _)| to == email).unwrap().1;
            // As the relay got it: quoted-printable, lines wrapped at 76.
            let body = body.replace("=\n", "").replace("=3D", "=");
            let token: String = body
                .split("token=")
                .nth(1)
                .unwrap()
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            let (status, _) = b
                .answer_to(&browser(), "/api/preview_invitation", &[("token", token)])
                .await;
            assert_eq!(status, 200, "{backend:?}: {email}");
        }
        let rows = mail::latest(&a.db, None, 100).await.unwrap();
        for m in rows {
            let bounced = m.to.starts_with("bounce");
            assert_eq!(
                m.delivery.starts_with("not delivered"),
                bounced,
                "{backend:?}: {m:?}"
            );
            assert_eq!(m.delivery.starts_with("sent "), !bounced, "{m:?}");
        }
    }
}

#[tokio::test]
async fn a_message_the_relay_refused_is_not_offered_again_by_the_other_server() {
    for backend in backends() {
        let (a, b) = two_servers(backend).await;
        let (port, relayed) = fake_relay().await;
        for to in ["slow@acme.test", "bounce@acme.test"] {
            let message = Message {
                to: to.into(),
                subject: "Hello".into(),
                body: "Hello.".into(),
            };
            mail::queue(a.db.writer(), message).await.unwrap();
        }
        // Both servers see both messages queued. One takes the slow one;
        // meanwhile the other is refused the bounce and records why; the
        // first, done with the slow one, must not offer the bounce again.
        let (config_a, config_b) = (relaying(&a, port), relaying(&b, port));
        let (relay_a, relay_b) = (
            relay(&config_a).unwrap().unwrap(),
            relay(&config_b).unwrap().unwrap(),
        );
        let (sent_a, sent_b) = tokio::join!(
            deliver_round(&a.db, &config_a, &relay_a),
            deliver_round(&b.db, &config_b, &relay_b)
        );
        assert_eq!(sent_a.unwrap() + sent_b.unwrap(), 1, "{backend:?}");
        let relayed = relayed.lock().unwrap();
        assert_eq!(relayed.accepted.len(), 1, "{backend:?}");
        let offered = relayed
            .offered
            .iter()
            .filter(|o| *o == "bounce@acme.test")
            .count();
        assert_eq!(offered, 1, "{backend:?}: a refusal is final");
    }
}
