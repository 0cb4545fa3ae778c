//! Sign-in, sign-out and sessions through the real HTTP stack, on every backend.

use crate::common::{Backend, PASSWORD, backends, session_cookie, spawn};
use imprimatur_server::db::entities::user;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[tokio::test]
async fn a_demo_customer_signs_in_sees_who_they_are_and_signs_out() {
    for backend in backends() {
        let app = spawn(backend).await;
        assert_eq!(app.whoami().await, None, "{backend:?}");
        let res = app.sign_in("CUS@acme.test", PASSWORD).await;
        assert!(res.status().is_success(), "{backend:?}: {}", res.status());
        let cookie = session_cookie(&res).expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        let me = app.whoami().await.expect("signed in");
        assert_eq!(me["email"], "cus@acme.test");
        assert_eq!(me["roles"][0]["role"], "Customer");
        assert_eq!(me["roles"][0]["scope"], "Acme Print Buyers");

        let res = app.post("/api/sign_out").send().await.unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        assert!(session_cookie(&res).unwrap().contains("Max-Age=0"));
        assert_eq!(app.whoami().await, None);
        assert_eq!(app.sessions().await, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_401() {
    for backend in backends() {
        let app = spawn(backend).await;
        let wrong = app.sign_in("cus@acme.test", "not it").await;
        let unknown = app.sign_in("nobody@acme.test", "not it").await;
        assert_eq!(wrong.status(), 401);
        assert_eq!(unknown.status(), 401);
        assert!(session_cookie(&wrong).is_none());
        assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
        assert_eq!(app.sessions().await, 0);
    }
}

#[tokio::test]
async fn malformed_input_gets_422_with_a_plain_message_and_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let missing = app
            .post("/api/sign_in")
            .form(&[("email", "cus@acme.test")])
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 422, "{backend:?}");
        let empty = app.sign_in("", "").await;
        assert_eq!(empty.status(), 422);
        assert_eq!(
            empty.text().await.unwrap(),
            r#"{"Invalid":"Enter your e-mail address and your password."}"#
        );
        let huge = app.sign_in("cus@acme.test", &"x".repeat(5000)).await;
        assert_eq!(huge.status(), 422);
        assert_eq!(app.sessions().await, 0);
    }
}

#[tokio::test]
async fn the_session_id_changes_at_every_sign_in_and_the_old_one_dies() {
    for backend in backends() {
        let app = spawn(backend).await;
        let first = session_cookie(&app.sign_in("cus@acme.test", PASSWORD).await).unwrap();
        let second = session_cookie(&app.sign_in("cus@acme.test", PASSWORD).await).unwrap();
        assert_ne!(first, second);
        assert_eq!(app.sessions().await, 1, "{backend:?}");
        // The first token no longer signs anybody in.
        let token = first.split(';').next().unwrap().to_string();
        let res = reqwest::Client::new()
            .post(app.url("/api/current_user"))
            .header("origin", &app.base)
            .header("cookie", token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.text().await.unwrap(), "null");
    }
}

#[tokio::test]
async fn a_suspended_users_open_session_stops_working_on_the_next_request() {
    for backend in backends() {
        let app = spawn(backend).await;
        app.sign_in("cus@acme.test", PASSWORD).await;
        assert!(app.whoami().await.is_some());
        let u = user::Entity::find()
            .filter(user::Column::Email.eq("cus@acme.test"))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let mut active: user::ActiveModel = u.into();
        active.state = Set("suspended".into());
        active.update(app.db.writer()).await.unwrap();
        assert_eq!(app.whoami().await, None, "{backend:?}");
        let res = app.sign_in("cus@acme.test", PASSWORD).await;
        assert_eq!(res.status(), 403);
        assert!(res.text().await.unwrap().contains("suspended"));
    }
}

#[tokio::test]
async fn the_home_page_redirects_a_visitor_to_sign_in_and_greets_a_member() {
    for backend in backends() {
        let app = spawn(backend).await;
        let res = app
            .client
            .get(app.url("/"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302, "{backend:?}");
        assert_eq!(res.headers()["location"], "/sign-in");
        app.sign_in("sam@globex.test", PASSWORD).await;
        let page = app
            .client
            .get(app.url("/"))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Welcome, <!>Sam Senior-Manager")
                || html.contains("Welcome, Sam Senior-Manager"),
            "{html}"
        );
        assert!(html.contains("Senior Manager"));
    }
}

#[tokio::test]
async fn concurrent_sign_ins_on_sqlite_never_fail_on_a_locked_database() {
    let app = spawn(Backend::Sqlite).await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let client = reqwest::Client::new();
        let url = app.url("/api/sign_in");
        let origin = app.base.clone();
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .header("origin", origin)
                .form(&[("email", "cus@acme.test"), ("password", PASSWORD)])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap().is_success());
    }
    assert_eq!(app.sessions().await, 20);
}

/// The median of some durations, in milliseconds.
fn median_ms(mut d: Vec<std::time::Duration>) -> f64 {
    d.sort();
    d[d.len() / 2].as_secs_f64() * 1000.0
}

#[tokio::test]
async fn a_wrong_password_takes_as_long_for_an_unknown_address_as_for_a_known_one() {
    let app = spawn(Backend::Sqlite).await;
    // Different addresses each time, so the per-account limit never answers early.
    let known: Vec<&str> = imprimatur_server::demo::accounts()
        .map(|(email, ..)| email)
        .take(12)
        .collect();
    let mut known_times = Vec::new();
    let mut unknown_times = Vec::new();
    for (i, email) in known.iter().enumerate() {
        let unknown = format!("nobody{i}@acme.test");
        for (address, times) in [
            (*email, &mut known_times),
            (unknown.as_str(), &mut unknown_times),
        ] {
            let started = std::time::Instant::now();
            let res = app.sign_in(address, "not the password").await;
            times.push(started.elapsed());
            assert_eq!(res.status(), 401);
        }
    }
    let (k, u) = (median_ms(known_times), median_ms(unknown_times));
    eprintln!("median refusal: known address {k:.1} ms, unknown address {u:.1} ms");
    let ratio = k / u;
    assert!(
        (0.67..=1.5).contains(&ratio),
        "known {k:.1} ms against unknown {u:.1} ms"
    );
}

#[tokio::test]
async fn a_reset_request_takes_as_long_for_an_unknown_address_as_for_a_known_one() {
    let app = spawn(Backend::Sqlite).await;
    let known: Vec<&str> = imprimatur_server::demo::accounts()
        .map(|(email, ..)| email)
        .take(12)
        .collect();
    let mut known_times = Vec::new();
    let mut unknown_times = Vec::new();
    for (i, email) in known.iter().enumerate() {
        let unknown = format!("nobody{i}@acme.test");
        for (address, times) in [
            (*email, &mut known_times),
            (unknown.as_str(), &mut unknown_times),
        ] {
            let started = std::time::Instant::now();
            let res = app
                .post("/api/request_password_reset")
                .header("accept", "application/json")
                .form(&[("email", address)])
                .send()
                .await
                .unwrap();
            times.push(started.elapsed());
            assert!(res.status().is_success());
            // Let the mailing that follows a known address finish, so each
            // answer is timed on its own.
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        }
    }
    let (k, u) = (median_ms(known_times), median_ms(unknown_times));
    eprintln!("median reset answer: known address {k:.2} ms, unknown address {u:.2} ms");
    // Both answer before any work is done; allow for a loaded machine.
    assert!(k < 50.0 && u < 50.0, "known {k:.2} ms, unknown {u:.2} ms");
    assert!(
        (0.5..=2.0).contains(&(k / u)),
        "known {k:.2} ms, unknown {u:.2} ms"
    );
}

#[tokio::test]
async fn an_invitation_answers_the_same_for_an_account_elsewhere_and_a_new_address() {
    use imprimatur_server::db::entities::company;
    let app = spawn(Backend::Sqlite).await;
    let tina = app.signed_in_browser("tina@acme.test").await;
    let acme = company::Entity::find()
        .filter(company::Column::Slug.eq("acme"))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .id;
    let grant = format!("{acme}:tenant_user");
    // People with accounts in other companies: inviting them must not tell
    // Acme's admin that they have an account anywhere.
    let known: Vec<&str> = imprimatur_server::demo::accounts()
        .map(|(email, ..)| email)
        .filter(|e| !e.ends_with("@acme.test"))
        .take(12)
        .collect();
    assert_eq!(known.len(), 12);
    let mut known_times = Vec::new();
    let mut unknown_times = Vec::new();
    let mut bodies = std::collections::BTreeSet::new();
    for (i, email) in known.iter().enumerate() {
        let unknown = format!("newcomer{i}@acme.test");
        for (address, times) in [
            (*email, &mut known_times),
            (unknown.as_str(), &mut unknown_times),
        ] {
            let started = std::time::Instant::now();
            let res = app
                .post_as(&tina, "/api/invite_member")
                .form(&[("email", address), ("name", "Someone"), ("grant", &grant)])
                .send()
                .await
                .unwrap();
            times.push(started.elapsed());
            assert_eq!(res.status(), 200, "{address}");
            bodies.insert(res.text().await.unwrap().replace(address, "<address>"));
        }
    }
    assert_eq!(bodies.len(), 1, "one answer for both: {bodies:?}");
    let (k, u) = (median_ms(known_times), median_ms(unknown_times));
    eprintln!("median invitation answer: account elsewhere {k:.2} ms, new address {u:.2} ms");
    assert!(
        (0.5..=2.0).contains(&(k / u)),
        "known {k:.2} ms, unknown {u:.2} ms"
    );
}

#[tokio::test]
async fn a_next_page_that_leaves_the_site_or_breaks_the_header_lands_on_the_start_signed_in() {
    for backend in backends() {
        let app = spawn(backend).await;
        let evil = [
            "/\t/evil.test/",
            "/%09/evil.test/",
            "/\u{b}x",
            "/%0Bx",
            "/\r\nSet-Cookie: x=1",
            "//evil.test/",
            "/\\evil.test",
            "https://evil.test/",
            "/api/sign_out",
            "/a/..//evil.test",
            "/\u{ff0f}\u{ff0f}evil.test",
        ];
        let long = format!("/{}", "a".repeat(10_000));
        for next in evil.iter().copied().chain([long.as_str()]) {
            for accept in ["text/html", "application/json"] {
                let b = crate::common::browser();
                let res = app
                    .post_as(&b, "/api/sign_in")
                    .header("accept", accept)
                    .form(&[
                        ("email", "cus@acme.test"),
                        ("password", PASSWORD),
                        ("next", next),
                    ])
                    .send()
                    .await
                    .unwrap();
                let expected = if accept == "text/html" { 302 } else { 200 };
                assert_eq!(res.status(), expected, "{backend:?}: {next:?}");
                assert_eq!(res.headers()["location"], "/", "{next:?}");
                assert!(session_cookie(&res).is_some(), "{next:?}: no cookie");
                let me = app.post_as(&b, "/api/current_user").send().await.unwrap();
                let me: serde_json::Value = me.json().await.unwrap();
                assert_eq!(me["email"], "cus@acme.test", "{next:?}");
            }
        }
        // A path on this site is still where the sign-in goes.
        let res = app
            .post("/api/sign_in")
            .header("accept", "text/html")
            .form(&[
                ("email", "cus@acme.test"),
                ("password", PASSWORD),
                ("next", "/store/shoply?x=1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()["location"], "/store/shoply?x=1");
    }
}
