//! Changing how one signs in (passkeys, the authenticator app, recovery
//! codes) needs a sign-in or a confirmed password from the last ten
//! minutes, so a stolen session cookie cannot become a lasting
//! credential; each change mails the person. On SQLite and PostgreSQL.

use chrono::{Duration, Utc};
use imprimatur_server::auth::totp;
use imprimatur_server::db::entities::{
    attempt_counter, mail, passkey, recovery_code, session, totp_authenticator, webauthn_ceremony,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::common::{PASSWORD, TestApp, backends, spawn};

const CUS: &str = "cus@acme.test";
const REFUSAL: &str =
    "Confirm your password first: changing how you sign in needs a fresh sign-in.";

fn code(secret: &str) -> String {
    let now = totp::step_at(Utc::now().timestamp());
    format!("{:06}", totp::code(secret, now).unwrap())
}

/// Set up an authenticator app from `b` (which must be allowed to).
async fn enrol(app: &TestApp, b: &reqwest::Client) -> String {
    let setup = app.json_from(b, "/api/totp_setup_start").await;
    let secret = setup["secret"].as_str().unwrap().to_string();
    let first = code(&secret);
    let status = app
        .status_of(b, "/api/totp_setup_finish", &[("code", first.as_str())])
        .await;
    assert_eq!(status, 200);
    secret
}

/// A passkey row of `user_id` (never used to sign in: removing it only
/// needs the row).
async fn some_passkey(app: &TestApp, user_id: i64) -> i64 {
    passkey::ActiveModel {
        user_id: Set(user_id),
        name: Set("Old phone".into()),
        credential_id: Set(format!("test-credential-{user_id}")),
        passkey: Set("{}".into()),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(app.db.writer())
    .await
    .unwrap()
    .id
}

/// Move every session of `user_id`, and its last confirmed password, back
/// past the ten minutes.
async fn age_sessions(app: &TestApp, user_id: i64) {
    let long_ago = Utc::now() - Duration::minutes(11);
    session::Entity::update_many()
        .col_expr(session::Column::CreatedAt, Expr::value(long_ago))
        .col_expr(session::Column::ReauthenticatedAt, Expr::value(long_ago))
        .filter(session::Column::UserId.eq(user_id))
        .exec(app.db.writer())
        .await
        .unwrap();
}

async fn mails_to(app: &TestApp, to: &str) -> Vec<mail::Model> {
    mail::Entity::find()
        .filter(mail::Column::Recipient.eq(to))
        .order_by_asc(mail::Column::Id)
        .all(&app.db.read)
        .await
        .unwrap()
}

/// Everything a credential change could write for `user_id`.
async fn credentials(app: &TestApp, user_id: i64) -> (Vec<String>, Vec<i64>, String, u64, usize) {
    let codes = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .order_by_asc(recovery_code::Column::Id)
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.code_hash)
        .collect();
    let keys = passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(user_id))
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.id)
        .collect();
    let app_secret = totp_authenticator::Entity::find_by_id(user_id)
        .one(&app.db.read)
        .await
        .unwrap()
        .map(|t| format!("{}:{:?}", t.secret, t.confirmed_at))
        .unwrap_or_default();
    let ceremonies = webauthn_ceremony::Entity::find()
        .count(&app.db.read)
        .await
        .unwrap();
    (
        codes,
        keys,
        app_secret,
        ceremonies,
        mails_to(app, CUS).await.len(),
    )
}

/// A call of each credential change; its status and body.
async fn change(app: &TestApp, b: &reqwest::Client, path: &str, passkey_id: i64) -> (u16, String) {
    let req = app.post_as(b, path);
    let id = passkey_id.to_string();
    let req = match path {
        "/api/passkey_register_finish" => req.json(&serde_json::json!({
            "ceremony": "f".repeat(64),
            "name": "Stolen",
            "credential": {
                "id": "AAAA", "rawId": "AAAA", "type": "public-key", "extensions": {},
                "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" }
            }
        })),
        "/api/remove_passkey" => req.form(&[("id", id.as_str())]),
        "/api/totp_setup_finish" => req.form(&[("code", "123456")]),
        _ => req.form(&[("x", "")]),
    };
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

const CHANGES: [&str; 7] = [
    "/api/passkey_register_start",
    "/api/passkey_register_finish",
    "/api/remove_passkey",
    "/api/totp_setup_start",
    "/api/totp_setup_finish",
    "/api/remove_totp",
    "/api/new_recovery_codes",
];

#[tokio::test]
async fn a_session_signed_in_more_than_ten_minutes_ago_may_change_no_credential_and_writes_nothing()
{
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.user_id(CUS).await;
        let b = app.signed_in_browser(CUS).await;
        enrol(&app, &b).await;
        let key = some_passkey(&app, cus).await;
        age_sessions(&app, cus).await;
        let before = credentials(&app, cus).await;
        for path in CHANGES {
            let (status, body) = change(&app, &b, path, key).await;
            assert_eq!(status, 403, "{backend:?} {path}: {body}");
            assert!(body.contains(REFUSAL), "{backend:?} {path}: {body}");
        }
        assert_eq!(credentials(&app, cus).await, before, "{backend:?}");
        let overview = app.json_from(&b, "/api/my_second_factor").await;
        assert_eq!(overview["recently_authenticated"], false, "{backend:?}");
    }
}

#[tokio::test]
async fn a_confirmed_password_lets_an_old_session_change_credentials_and_each_change_mails_once() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.user_id(CUS).await;
        let b = app.signed_in_browser(CUS).await;
        let secret = enrol(&app, &b).await;
        let key = some_passkey(&app, cus).await;
        age_sessions(&app, cus).await;
        let status = app
            .status_of(&b, "/api/confirm_password", &[("password", PASSWORD)])
            .await;
        assert_eq!(status, 200, "{backend:?}");
        let overview = app.json_from(&b, "/api/my_second_factor").await;
        assert_eq!(overview["recently_authenticated"], true, "{backend:?}");

        let mailed = |before: usize| {
            let app = &app;
            async move {
                let all = mails_to(app, CUS).await;
                assert_eq!(all.len(), before + 1, "{backend:?}: one mail per change");
                all.into_iter().next_back().unwrap()
            }
        };
        let n = mails_to(&app, CUS).await.len();
        let res = app
            .post_as(&b, "/api/new_recovery_codes")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{backend:?}");
        let codes: Vec<String> = res.json().await.unwrap();
        let m = mailed(n).await;
        assert!(m.subject.contains("recovery codes"), "{}", m.subject);
        assert!(m.body.contains(" UTC"), "{}", m.body);
        assert!(m.body.contains("If it was not you"), "{}", m.body);
        assert!(
            codes.iter().all(|c| !m.body.contains(c.as_str())),
            "no code in the mail"
        );

        let n = mails_to(&app, CUS).await.len();
        let (status, body) = change(&app, &b, "/api/remove_totp", key).await;
        assert_eq!(status, 200, "{backend:?}: {body}");
        let m = mailed(n).await;
        assert!(
            m.subject.contains("authenticator app was removed"),
            "{}",
            m.subject
        );
        assert!(!m.body.contains(&secret));

        let n = mails_to(&app, CUS).await.len();
        let new_secret = enrol(&app, &b).await;
        let m = mailed(n).await;
        assert!(
            m.subject.contains("authenticator app was set up"),
            "{}",
            m.subject
        );
        assert!(!m.body.contains(&new_secret), "no secret in the mail");

        let n = mails_to(&app, CUS).await.len();
        let (status, body) = change(&app, &b, "/api/remove_passkey", key).await;
        assert_eq!(status, 200, "{backend:?}: {body}");
        let m = mailed(n).await;
        assert!(
            m.body.contains("\u{201c}Old phone\u{201d} was removed"),
            "{}",
            m.body
        );

        let (status, body) = change(&app, &b, "/api/passkey_register_start", key).await;
        assert_eq!(status, 200, "{backend:?}: {body}");
    }
}

#[tokio::test]
async fn a_wrong_password_confirms_nothing_and_counts_as_a_failed_sign_in() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.user_id(CUS).await;
        let b = app.signed_in_browser(CUS).await;
        age_sessions(&app, cus).await;
        let wrong = [("password", "not the password")];
        assert_eq!(
            app.status_of(&b, "/api/confirm_password", &wrong).await,
            422,
            "{backend:?}"
        );
        let (status, _) = change(&app, &b, "/api/new_recovery_codes", 0).await;
        assert_eq!(status, 403, "{backend:?}: still not confirmed");
        let counted = attempt_counter::Entity::find_by_id(format!("sign_in:account:{CUS}"))
            .one(&app.db.read)
            .await
            .unwrap()
            .map(|c| c.attempts);
        assert_eq!(counted, Some(1), "{backend:?}");
        for _ in 0..4 {
            app.status_of(&b, "/api/confirm_password", &wrong).await;
        }
        // The limit holds for the right password too, and for signing in.
        let right = [("password", PASSWORD)];
        assert_eq!(
            app.status_of(&b, "/api/confirm_password", &right).await,
            429,
            "{backend:?}"
        );
        assert_eq!(
            app.sign_in(CUS, PASSWORD).await.status(),
            429,
            "{backend:?}"
        );
    }
}
