//! Passkeys over HTTP, on SQLite and PostgreSQL: what the server does
//! without a real authenticator (the browser tests use Chrome's virtual
//! one): ceremonies need a signed-in owner, work once, and a forged
//! answer signs nobody in.

use crate::common::{backends, browser, spawn};

/// A well-formed answer that no authenticator signed.
fn forged(user_handle: &str) -> serde_json::Value {
    serde_json::json!({
        "id": "AAAA",
        "rawId": "AAAA",
        "response": {
            "authenticatorData": "AAAA",
            "clientDataJSON": "AAAA",
            "signature": "AAAA",
            "userHandle": user_handle
        },
        "extensions": {},
        "type": "public-key"
    })
}

#[tokio::test]
async fn a_passkey_sign_in_with_a_forged_answer_or_a_used_ceremony_signs_nobody_in() {
    for backend in backends() {
        let app = spawn(backend).await;
        let b = browser();
        let started: serde_json::Value = app.json_from(&b, "/api/passkey_sign_in_start").await;
        let ceremony = started[0].as_str().unwrap().to_string();
        assert_eq!(ceremony.len(), 64, "{backend:?}: {started}");
        assert_eq!(
            started[1]["publicKey"]["userVerification"], "required",
            "user verification is required"
        );
        let finish = |ceremony: String| {
            let app = &app;
            let b = b.clone();
            async move {
                app.post_as(&b, "/api/passkey_sign_in_finish")
                    .json(
                        &serde_json::json!({ "ceremony": ceremony, "credential": forged("AAAA") }),
                    )
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(finish(ceremony.clone()).await, 401, "{backend:?}");
        // The ceremony was used up by the failed attempt.
        assert_eq!(finish(ceremony).await, 409);
        assert_eq!(finish("f".repeat(64)).await, 409);
        let me: serde_json::Value = app.json_from(&b, "/api/current_user").await;
        assert!(me.is_null());
        // Garbage is a 422, not a 500.
        let res = app
            .post_as(&b, "/api/passkey_sign_in_finish")
            .header("content-type", "application/json")
            .body("{\"ceremony\": 1}")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
    }
}

#[tokio::test]
async fn registering_a_passkey_needs_the_owner_signed_in_and_not_an_admin_acting_as_them() {
    for backend in backends() {
        let app = spawn(backend).await;
        let anonymous = browser();
        let res = app
            .post_as(&anonymous, "/api/passkey_register_start")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{backend:?}");
        let ute = app.signed_in_browser("ute@acme.test").await;
        let started: serde_json::Value = app.json_from(&ute, "/api/passkey_register_start").await;
        assert_eq!(
            started[1]["publicKey"]["authenticatorSelection"]["userVerification"],
            "required"
        );
        // Another person cannot finish Ute's ceremony.
        let cus = app.signed_in_browser("cus@acme.test").await;
        let res = app
            .post_as(&cus, "/api/passkey_register_finish")
            .json(&serde_json::json!({
                "ceremony": started[0],
                "name": "Stolen",
                "credential": {
                    "id": "AAAA", "rawId": "AAAA",
                    "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" },
                    "extensions": {}, "type": "public-key"
                }
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        // An admin acting as Ute may not add a passkey to her account.
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let ute_id = app.user_id("ute@acme.test").await;
        app.post_as(&admin, "/api/start_impersonation")
            .form(&[
                ("user_id", ute_id.to_string()),
                ("reason", "testing".into()),
            ])
            .send()
            .await
            .unwrap();
        let res = app
            .post_as(&admin, "/api/passkey_register_start")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert!(res.text().await.unwrap().contains("acting as another user"));
    }
}

#[tokio::test]
async fn joining_with_a_passkey_uses_the_link_only_when_the_passkey_is_verified() {
    for backend in backends() {
        let app = spawn(backend).await;
        let tina = app.signed_in_browser("tina@acme.test").await;
        let acme = app.company_id("acme").await;
        let invite = |email: &'static str| {
            app.post_as(&tina, "/api/invite_member").form(&[
                ("email", email.to_string()),
                ("name", "Someone".to_string()),
                ("grant", format!("{acme}:tenant_user")),
            ])
        };
        assert_eq!(
            invite("newbie@acme.test").send().await.unwrap().status(),
            200
        );
        let token = app.token_mailed_to("newbie@acme.test").await;
        let stranger = browser();
        let started: serde_json::Value = app
            .post_as(&stranger, "/api/invitation_passkey_start")
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            started[1]["publicKey"]["authenticatorSelection"]["userVerification"], "required",
            "{backend:?}"
        );
        // A forged answer signs nobody in and leaves the link usable.
        let res = app
            .post_as(&stranger, "/api/accept_invitation_with_passkey")
            .json(&serde_json::json!({
                "token": token, "name": "Newbie", "ceremony": started[0],
                "credential": {
                    "id": "AAAA", "rawId": "AAAA",
                    "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" },
                    "extensions": {}, "type": "public-key"
                }
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{backend:?}");
        assert!(
            app.json_from(&stranger, "/api/current_user")
                .await
                .is_null()
        );
        let preview = app
            .post_as(&stranger, "/api/preview_invitation")
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status(), 200, "{backend:?}: the link still works");

        // Someone who has an account accepts with its password, not a new passkey.
        assert_eq!(invite("cus@acme.test").send().await.unwrap().status(), 200);
        let token = app.token_mailed_to("cus@acme.test").await;
        let res = app
            .post_as(&stranger, "/api/invitation_passkey_start")
            .form(&[("token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{backend:?}");
        let res = app
            .post_as(&stranger, "/api/invitation_passkey_start")
            .form(&[("token", "ab".repeat(32))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{backend:?}: a link that never existed");
    }
}
