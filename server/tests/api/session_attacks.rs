//! Session attacks: a session id planted before sign-in (fixation), a
//! stolen cookie after its owner signs out, and a sign-in stopped at its
//! second step trying to act as the member. On SQLite and PostgreSQL.

use crate::common::{PASSWORD, TestApp, backends, browser, session_cookie, spawn};
use crate::matrix::{GATES, Gate, Probe, world};
use imprimatur_server::auth::totp;

/// The `name=value` part of a Set-Cookie header.
fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_string()
}

/// `current_user` with exactly this cookie and nothing else.
async fn who_has(app: &TestApp, cookie: &str) -> serde_json::Value {
    reqwest::Client::new()
        .post(app.url("/api/current_user"))
        .header("origin", &app.base)
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_session_id_planted_before_sign_in_is_never_adopted() {
    for backend in backends() {
        let app = spawn(backend).await;
        let planted = format!("imprimatur_session={}", "ab".repeat(32));
        let res = reqwest::Client::new()
            .post(app.url("/api/sign_in"))
            .header("origin", &app.base)
            .header("cookie", &planted)
            .form(&[("email", "cus@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400, "{backend:?}: {}", res.status());
        let issued = session_cookie(&res).expect("a new session cookie");
        assert_ne!(pair(&issued), planted, "{backend:?}");
        assert!(who_has(&app, &planted).await.is_null(), "{backend:?}");
        assert_eq!(
            who_has(&app, &pair(&issued)).await["email"],
            "cus@acme.test"
        );
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_scoped_to_the_site() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cookie = session_cookie(&app.sign_in("cus@acme.test", PASSWORD).await).unwrap();
        let lower = cookie.to_ascii_lowercase();
        assert!(lower.contains("httponly"), "{backend:?}: {cookie}");
        assert!(
            lower.contains("samesite=lax") || lower.contains("samesite=strict"),
            "{cookie}"
        );
        assert!(lower.contains("path=/"), "{cookie}");
        assert!(!lower.contains("domain="), "host-only: {cookie}");
    }
}

#[tokio::test]
async fn a_stolen_cookie_dies_when_its_owner_signs_out_or_signs_out_everywhere() {
    for backend in backends() {
        let app = spawn(backend).await;
        for ending in ["/api/sign_out", "/api/sign_out_everywhere"] {
            let victim = browser();
            let res = app
                .post_as(&victim, "/api/sign_in")
                .form(&[("email", "cus@acme.test"), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            let stolen = pair(&session_cookie(&res).unwrap());
            assert_eq!(who_has(&app, &stolen).await["email"], "cus@acme.test");
            let res = app.post_as(&victim, ending).send().await.unwrap();
            assert!(res.status().as_u16() < 400, "{backend:?} {ending}");
            assert!(
                who_has(&app, &stolen).await.is_null(),
                "{backend:?}: the stolen cookie outlived {ending}"
            );
            let sessions = reqwest::Client::new()
                .post(app.url("/api/my_sessions"))
                .header("origin", &app.base)
                .header("cookie", &stolen)
                .send()
                .await
                .unwrap();
            assert_eq!(sessions.status(), 401, "{backend:?} {ending}");
            // The plain GET routes too (the combined PDF of the demo project).
            let pdf = reqwest::Client::new()
                .get(app.url("/projects/1/combined.pdf"))
                .header("cookie", &stolen)
                .send()
                .await
                .unwrap();
            assert_eq!(pdf.status(), 401, "{backend:?} {ending}");
        }
    }
}

#[tokio::test]
async fn a_sign_in_stopped_at_its_second_step_can_do_nothing_a_member_does() {
    for backend in backends() {
        let app = spawn(backend).await;
        let w = world(&app).await;
        // Cus sets up an authenticator app.
        let cus = app.signed_in_browser("cus@acme.test").await;
        let setup = app.json_from(&cus, "/api/totp_setup_start").await;
        let secret = setup["secret"].as_str().unwrap().to_string();
        let now = totp::step_at(chrono::Utc::now().timestamp());
        let code = format!("{:06}", totp::code(&secret, now).unwrap());
        assert_eq!(
            app.status_of(&cus, "/api/totp_setup_finish", &[("code", code.as_str())])
                .await,
            200
        );
        // Someone with the password alone.
        let thief = browser();
        let res = app
            .post_as(&thief, "/api/sign_in")
            .form(&[("email", "cus@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400);
        assert!(app.json_from(&thief, "/api/current_user").await.is_null());
        let mut tried = 0;
        for (path, gate, probe) in GATES {
            if matches!(gate, Gate::Open | Gate::SecondStep) {
                continue;
            }
            let req = app.post_as(&thief, path);
            let req = match probe {
                Probe::Form(fields) => {
                    let filled: Vec<(&str, String)> =
                        fields.iter().map(|(k, v)| (*k, w.fill(v))).collect();
                    req.form(&filled)
                }
                Probe::Json(make) => req.json(&make(&w)),
            };
            let status = req.send().await.unwrap().status().as_u16();
            assert_eq!(status, 401, "{backend:?} {path} at the second step");
            tried += 1;
        }
        assert!(tried > 80, "{tried} functions tried");
        // The plain GET downloads as well.
        for path in ["/projects/1/combined.pdf", "/work-orders/1/codes.csv"] {
            let status = thief.get(app.url(path)).send().await.unwrap().status();
            assert_eq!(status, 401, "{backend:?} GET {path} at the second step");
        }
        eprintln!(
            "{backend:?}: {tried} server functions refused a sign-in stopped at its second step"
        );
        // The pending step still finishes with a fresh code.
        let later = format!("{:06}", totp::code(&secret, now + 1).unwrap());
        let res = app
            .post_as(&thief, "/api/verify_second_factor")
            .form(&[("code", later.as_str())])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400, "{backend:?}: {}", res.status());
        assert_eq!(
            app.json_from(&thief, "/api/current_user").await["email"],
            "cus@acme.test"
        );
    }
}
