//! The account lifecycle over HTTP, on SQLite and PostgreSQL: invitations,
//! one-time links, password resets, limits on failed sign-ins, suspension,
//! sessions, the audit trail and the mailbox.

use crate::common::{PASSWORD, TestApp, backends, browser, spawn};
use imprimatur_server::db::entities::one_time_token;
use sea_orm::{EntityTrait, Set};

const NEW_PASSWORD: &str = "a long new passphrase";

/// Tina, Acme's Tenant Super Admin, invites `email` as a Tenant User of Acme.
async fn invite_tenant_user(app: &TestApp, email: &str) -> reqwest::Client {
    let tina = app.signed_in_browser("tina@acme.test").await;
    let acme = app.company_id("acme").await;
    let res = app
        .post_as(&tina, "/api/invite_member")
        .form(&[
            ("email", email),
            ("name", "Nina New"),
            ("grant", &format!("{acme}:tenant_user")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    tina
}

async fn accept(app: &TestApp, b: &reqwest::Client, token: &str) -> reqwest::Response {
    app.post_as(b, "/api/accept_invitation")
        .form(&[
            ("token", token),
            ("name", "Nina New"),
            ("password", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap()
}

async fn change_state(
    app: &TestApp,
    b: &reqwest::Client,
    id: &str,
    suspend: bool,
) -> reqwest::Response {
    app.post_as(b, "/api/change_member_state")
        .form(&[
            ("user_id", id),
            ("suspend", if suspend { "true" } else { "false" }),
        ])
        .send()
        .await
        .unwrap()
}

async fn whoami(app: &TestApp, b: &reqwest::Client) -> Option<serde_json::Value> {
    let res = app.post_as(b, "/api/current_user").send().await.unwrap();
    let v: serde_json::Value = res.json().await.unwrap();
    (!v.is_null()).then_some(v)
}

async fn token_row(app: &TestApp, token: &str) -> one_time_token::Model {
    one_time_token::Entity::find_by_id(imprimatur_server::auth::session::hash_token(token))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn an_invited_person_accepts_once_signs_in_and_the_link_then_dies() {
    for backend in backends() {
        let app = spawn(backend).await;
        invite_tenant_user(&app, "nina@acme.test").await;
        let token = app.token_mailed_to("nina@acme.test").await;
        assert_eq!(token.len(), 64, "256 random bits, hex");

        // A mail scanner fetching the link (and the preview it triggers) uses nothing up.
        let scanner = browser();
        let page = scanner
            .get(app.url(&format!("/invitation?token={token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Tenant User"));
        let preview = app
            .post_as(&scanner, "/api/preview_invitation")
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status(), 200);
        assert!(
            token_row(&app, &token).await.used_at.is_none(),
            "{backend:?}"
        );

        let nina = browser();
        let res = accept(&app, &nina, &token).await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "{}",
            res.status()
        );
        let me = whoami(&app, &nina)
            .await
            .expect("signed in after accepting");
        assert_eq!(me["email"], "nina@acme.test");
        assert_eq!(me["roles"][0]["role"], "Tenant User");

        // Replay: the link is dead, and nothing changes.
        let again = accept(&app, &browser(), &token).await;
        assert_eq!(again.status(), 404, "{backend:?}");
        assert!(
            again
                .text()
                .await
                .unwrap()
                .contains("expired or was already used")
        );

        // The new password signs in.
        let res = app
            .post_as(&browser(), "/api/sign_in")
            .form(&[("email", "nina@acme.test"), ("password", NEW_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection() || res.status().is_success());
        assert_eq!(app.audit_count("invitation.accepted", "ok").await, 1);
    }
}

#[tokio::test]
async fn an_expired_link_or_one_for_another_purpose_is_refused() {
    for backend in backends() {
        let app = spawn(backend).await;
        // A reset link used as an invitation.
        app.post_as(&browser(), "/api/request_password_reset")
            .form(&[("email", "cus@acme.test")])
            .send()
            .await
            .unwrap();
        let reset = wait_for_token(&app, "cus@acme.test").await;
        assert_eq!(accept(&app, &browser(), &reset).await.status(), 404);
        // An invitation link used as a reset link.
        invite_tenant_user(&app, "nina@acme.test").await;
        let invitation = app.token_mailed_to("nina@acme.test").await;
        let res = app
            .post_as(&browser(), "/api/reset_password")
            .form(&[("token", invitation.as_str()), ("password", NEW_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{backend:?}");
        // An expired invitation.
        let row = token_row(&app, &invitation).await;
        let mut expired: one_time_token::ActiveModel = row.into();
        expired.expires_at = Set(chrono::Utc::now() - chrono::Duration::minutes(1));
        sea_orm::ActiveModelTrait::update(expired, app.db.writer())
            .await
            .unwrap();
        assert_eq!(accept(&app, &browser(), &invitation).await.status(), 404);
        // Garbage.
        assert_eq!(accept(&app, &browser(), "not-a-token").await.status(), 404);
        assert!(
            token_row(&app, &invitation).await.used_at.is_none(),
            "nothing used up"
        );
    }
}

/// The reset link is mailed after the answer: wait for it.
async fn wait_for_token(app: &TestApp, to: &str) -> String {
    for _ in 0..100 {
        if app.last_mail_to(to).await.is_some() {
            return app.token_mailed_to(to).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no mail to {to}");
}

#[tokio::test]
async fn a_password_reset_answers_alike_for_any_address_and_ends_other_sessions() {
    for backend in backends() {
        let app = spawn(backend).await;
        let old_session = app.signed_in_browser("cus@acme.test").await;
        let ask = |email: &'static str| {
            let app = &app;
            async move {
                let res = app
                    .post_as(&browser(), "/api/request_password_reset")
                    .header("accept", "application/json")
                    .form(&[("email", email)])
                    .send()
                    .await
                    .unwrap();
                (res.status(), res.text().await.unwrap())
            }
        };
        let known = ask("cus@acme.test").await;
        let unknown = ask("nobody@acme.test").await;
        assert_eq!(known, unknown, "{backend:?}");
        let token = wait_for_token(&app, "cus@acme.test").await;
        assert!(app.last_mail_to("nobody@acme.test").await.is_none());

        let me = browser();
        let res = app
            .post_as(&me, "/api/reset_password")
            .form(&[("token", token.as_str()), ("password", NEW_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        assert!(
            whoami(&app, &me).await.is_some(),
            "signed in with the new password"
        );
        assert!(
            whoami(&app, &old_session).await.is_none(),
            "the old session ended"
        );
        let old = app.sign_in("cus@acme.test", PASSWORD).await;
        assert_eq!(old.status(), 401);
        let replay = app
            .post_as(&browser(), "/api/reset_password")
            .form(&[
                ("token", token.as_str()),
                ("password", "yet another passphrase"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(replay.status(), 404);
    }
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account_and_a_spoofed_forwarded_for_does_not_help() {
    for backend in backends() {
        let app = spawn(backend).await;
        for i in 0..5 {
            let res = app
                .post("/api/sign_in")
                .header("x-forwarded-for", format!("10.0.0.{i}"))
                .form(&[("email", "cus@acme.test"), ("password", "wrong password")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 401);
        }
        // Even the right password waits now, from any claimed address.
        let res = app
            .post("/api/sign_in")
            .header("x-forwarded-for", "192.0.2.77")
            .form(&[("email", "cus@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "{backend:?}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("Too many failed sign-ins")
        );
        // An unknown address is limited the same way: nothing tells them apart.
        for _ in 0..5 {
            app.sign_in("ghost@acme.test", "wrong password").await;
        }
        assert_eq!(
            app.sign_in("ghost@acme.test", "wrong password")
                .await
                .status(),
            429
        );
        // Per client address: 30 failures over many accounts lock the address.
        for i in 0..30 {
            app.post("/api/sign_in")
                .header("x-forwarded-for", format!("10.1.0.{i}"))
                .form(&[
                    ("email", format!("spray{i}@acme.test")),
                    ("password", "x".into()),
                ])
                .send()
                .await
                .unwrap();
        }
        let res = app
            .post("/api/sign_in")
            .header("x-forwarded-for", "10.9.9.9")
            .form(&[("email", "paul@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "{backend:?}");
        // Every attempt came from 127.0.0.1 whatever X-Forwarded-For claimed:
        // the 30th failure locked the address and nothing after it was tried.
        assert_eq!(app.audit_count("sign_in", "failed").await, 30);
    }
}

#[tokio::test]
async fn an_admin_suspends_a_member_whose_session_stops_and_reactivates_them() {
    for backend in backends() {
        let app = spawn(backend).await;
        let ute = app.signed_in_browser("ute@acme.test").await;
        let tina = app.signed_in_browser("tina@acme.test").await;
        let id = app.user_id("ute@acme.test").await.to_string();
        let res = change_state(&app, &tina, id.as_str(), true).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        assert!(whoami(&app, &ute).await.is_none(), "{backend:?}");
        assert_eq!(app.sign_in("ute@acme.test", PASSWORD).await.status(), 403);
        // Suspending twice is a conflict, not a silent success.
        let twice = change_state(&app, &tina, id.as_str(), true).await;
        assert_eq!(twice.status(), 409);
        let res = change_state(&app, &tina, id.as_str(), false).await;
        assert_eq!(res.status(), 200);
        assert!(
            app.sign_in("ute@acme.test", PASSWORD)
                .await
                .status()
                .is_success()
        );
        assert_eq!(app.audit_count("member.suspended", "ok").await, 1);
        assert_eq!(app.audit_count("member.reactivated", "ok").await, 1);
    }
}

#[tokio::test]
async fn a_customer_cannot_suspend_anyone_and_the_refusal_is_audited() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.signed_in_browser("cus@acme.test").await;
        let id = app.user_id("paul@acme.test").await.to_string();
        let res = change_state(&app, &cus, id.as_str(), true).await;
        assert_eq!(res.status(), 403, "{backend:?}");
        assert!(
            app.sign_in("paul@acme.test", PASSWORD)
                .await
                .status()
                .is_success()
        );
        assert_eq!(app.audit_count("authorization", "denied").await, 1);
    }
}

#[tokio::test]
async fn the_last_active_tenant_super_admin_cannot_be_suspended() {
    for backend in backends() {
        let app = spawn(backend).await;
        // Tom is outranked by Tina; the platform's Admin reaches her, and
        // the company's invariant still keeps her.
        let tom = app.signed_in_browser("tom@acme.test").await;
        let id = app.user_id("tina@acme.test").await.to_string();
        let res = change_state(&app, &tom, id.as_str(), true).await;
        assert_eq!(res.status(), 403, "{backend:?}");
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let res = change_state(&app, &admin, id.as_str(), true).await;
        assert_eq!(res.status(), 409, "{backend:?}");
        assert!(res.text().await.unwrap().contains("Tenant Super Admin"));
        assert!(
            app.sign_in("tina@acme.test", PASSWORD)
                .await
                .status()
                .is_success()
        );
        // Nor does anyone suspend themselves.
        let tina = app.signed_in_browser("tina@acme.test").await;
        let res = change_state(&app, &tina, id.as_str(), true).await;
        assert_eq!(res.status(), 403);
    }
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_that_person_only() {
    for backend in backends() {
        let app = spawn(backend).await;
        let phone = app.signed_in_browser("paul@acme.test").await;
        let laptop = app.signed_in_browser("paul@acme.test").await;
        let other = app.signed_in_browser("cus@acme.test").await;
        let res = app
            .post_as(&laptop, "/api/my_sessions")
            .send()
            .await
            .unwrap();
        let status = res.status();
        let sessions: serde_json::Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{sessions}");
        assert_eq!(sessions.as_array().unwrap().len(), 2);
        assert_eq!(
            sessions
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["current"] == true)
                .count(),
            1
        );
        let res = app
            .post_as(&laptop, "/api/sign_out_everywhere")
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        assert!(whoami(&app, &phone).await.is_none(), "{backend:?}");
        assert!(whoami(&app, &laptop).await.is_none());
        assert!(whoami(&app, &other).await.is_some());
    }
}

fn audit_form(action: &str) -> Vec<(&'static str, String)> {
    vec![
        ("query[action]", action.to_string()),
        ("query[outcome]", String::new()),
        ("query[email]", String::new()),
        ("query[limit]", "100".into()),
    ]
}

#[tokio::test]
async fn the_audit_trail_shows_a_tenant_admin_only_their_company_and_exports_csv() {
    for backend in backends() {
        let app = spawn(backend).await;
        invite_tenant_user(&app, "nina@acme.test").await;
        // An event in another company.
        let sam = app.signed_in_browser("sam@globex.test").await;
        let dan = app.user_id("dan@globex.test").await.to_string();
        change_state(&app, &sam, dan.as_str(), true).await;
        let tina = app.signed_in_browser("tina@acme.test").await;
        let rows: serde_json::Value = app
            .post_as(&tina, "/api/list_audit")
            .form(&audit_form(""))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let rows = rows.as_array().unwrap();
        let acme = app.company_id("acme").await;
        assert!(rows.iter().any(|r| r["action"] == "invitation.sent"));
        assert!(
            rows.iter().all(|r| r["company_id"] == acme),
            "{backend:?}: {rows:?}"
        );
        let csv = app
            .client
            .get(app.url("/audit.csv?action=invitation.sent"))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), 401, "not signed in");
        let csv = tina
            .get(app.url("/audit.csv?action=invitation.sent"))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), 200);
        let text = csv.text().await.unwrap();
        assert!(text.starts_with("id,at,action"));
        assert!(text.contains("nina@acme.test"));
        // A customer sees no trail at all.
        let cus = app.signed_in_browser("cus@acme.test").await;
        let res = app
            .post_as(&cus, "/api/list_audit")
            .form(&audit_form(""))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }
}

#[tokio::test]
async fn only_platform_admins_read_the_mailbox() {
    for backend in backends() {
        let app = spawn(backend).await;
        invite_tenant_user(&app, "nina@acme.test").await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let mail: serde_json::Value = app
            .post_as(&admin, "/api/list_mail")
            .form(&[("to", "nina@acme.test")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(mail.as_array().unwrap().len(), 1, "{backend:?}");
        let tina = app.signed_in_browser("tina@acme.test").await;
        let res = app
            .post_as(&tina, "/api/list_mail")
            .form(&[("to", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }
}

#[tokio::test]
async fn a_cancelled_invitation_link_no_longer_works_and_a_resent_one_replaces_the_old() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tina = invite_tenant_user(&app, "nina@acme.test").await;
        let first = app.token_mailed_to("nina@acme.test").await;
        let list: serde_json::Value = app.json_from(&tina, "/api/list_invitations").await;
        let id = list[0]["id"].as_i64().unwrap().to_string();
        let res = app
            .post_as(&tina, "/api/manage_invitation")
            .form(&[("id", id.as_str()), ("cancel", "false")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let second = app.token_mailed_to("nina@acme.test").await;
        assert_ne!(first, second);
        assert_eq!(
            accept(&app, &browser(), &first).await.status(),
            404,
            "{backend:?}"
        );
        let res = app
            .post_as(&tina, "/api/manage_invitation")
            .form(&[("id", id.as_str()), ("cancel", "true")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(accept(&app, &browser(), &second).await.status(), 404);
        // A stranger in another company may not touch Acme's invitations.
        let sam = app.signed_in_browser("sam@globex.test").await;
        let res = app
            .post_as(&sam, "/api/manage_invitation")
            .form(&[("id", id.as_str()), ("cancel", "true")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            404,
            "cancelled already: no such pending invitation"
        );
    }
}

#[tokio::test]
async fn a_department_manager_invites_only_into_their_department() {
    for backend in backends() {
        let app = spawn(backend).await;
        let dora = app.signed_in_browser("dora@acme.test").await;
        let places: serde_json::Value = app.json_from(&dora, "/api/invite_places").await;
        let labels: Vec<&str> = places
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, vec!["Acme Print Buyers / Sales"], "{backend:?}");
        let sales = places[0]["department_id"].as_i64().unwrap();
        let acme = app.company_id("acme").await;
        let marketing = sales + 1;
        let res = app
            .post_as(&dora, "/api/invite_member")
            .form(&[
                ("email", "mark@acme.test"),
                ("name", "Mark"),
                ("grant", &format!("{acme}/{marketing}:customer")),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{backend:?}");
        assert!(app.last_mail_to("mark@acme.test").await.is_none());
        let res = app
            .post_as(&dora, "/api/invite_member")
            .form(&[
                ("email", "sally@acme.test"),
                ("name", "Sally"),
                ("grant", &format!("{acme}/{sales}:customer")),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        // Malformed grants are refused plainly.
        let res = app
            .post_as(&dora, "/api/invite_member")
            .form(&[
                ("email", "x@acme.test"),
                ("name", "X"),
                ("grant", "nonsense"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
    }
}
