//! Two-step sign-in: an authenticator app or a recovery code after the
//! password, each code once; company and platform rules; an administrator
//! requiring or resetting a member's second factor. On SQLite and PostgreSQL.

use crate::common::{PASSWORD, TestApp, backends, browser, spawn};
use imprimatur_server::auth::totp;

const NONE: [(&str, &str); 0] = [];

async fn password_step(app: &TestApp, email: &str) -> reqwest::Client {
    let b = browser();
    let res = app
        .post_as(&b, "/api/sign_in")
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(res.status().as_u16() < 400, "{email}: {}", res.status());
    b
}

async fn signed_in(app: &TestApp, b: &reqwest::Client) -> bool {
    !app.json_from(b, "/api/current_user").await.is_null()
}

/// The code the app would show `steps` steps from now.
fn code(secret: &str, steps: i64) -> String {
    let now = totp::step_at(chrono::Utc::now().timestamp());
    format!("{:06}", totp::code(secret, now + steps).unwrap())
}

/// Set up an authenticator app from `b`; its secret, the recovery codes and
/// the code that confirmed it.
async fn enrol(app: &TestApp, b: &reqwest::Client) -> (String, Vec<String>, String) {
    let setup = app.json_from(b, "/api/totp_setup_start").await;
    let secret = setup["secret"].as_str().unwrap().to_string();
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    assert!(
        setup["uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert_eq!(
        app.status_of(b, "/api/totp_setup_finish", &[("code", "000000")])
            .await
            == 200,
        code(&secret, 0) == "000000",
        "a wrong first code is refused"
    );
    let first = code(&secret, 0);
    let res = app
        .post_as(b, "/api/totp_setup_finish")
        .form(&[("code", first.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes, first)
}

#[tokio::test]
async fn a_member_with_an_authenticator_app_needs_a_fresh_code_after_the_password() {
    for backend in backends() {
        let app = spawn(backend).await;
        let first = app.signed_in_browser("cus@acme.test").await;
        let (secret, recovery, used) = enrol(&app, &first).await;

        let b = password_step(&app, "cus@acme.test").await;
        assert!(
            !signed_in(&app, &b).await,
            "{backend:?}: the password alone is not enough"
        );
        assert_eq!(
            app.status_of(&b, "/api/list_members", &[("search", "")])
                .await,
            401,
            "{backend:?}: a half-finished sign-in opens nothing"
        );
        let step = app.json_from(&b, "/api/second_factor_status").await;
        assert_eq!(step["step"], "Verify");
        assert_eq!(step["authenticator_app"], true);
        // The code that confirmed the app was used; it never works again.
        assert_eq!(
            app.status_of(&b, "/api/verify_second_factor", &[("code", &used)])
                .await,
            422,
            "{backend:?}: a used code"
        );
        assert_eq!(
            app.status_of(&b, "/api/verify_second_factor", &[("code", "not a code")])
                .await,
            422
        );
        let res = app
            .post_as(&b, "/api/verify_second_factor")
            .form(&[("code", code(&secret, 1))])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400, "{backend:?}: {}", res.status());
        assert!(
            crate::common::session_cookie(&res).is_some(),
            "a new session id"
        );
        assert!(signed_in(&app, &b).await, "{backend:?}");
        assert_eq!(app.audit_count("second_factor", "ok").await, 1);
        assert_eq!(app.audit_count("second_factor", "failed").await, 2);

        // A recovery code works once, whoever types it next is refused.
        let b = password_step(&app, "cus@acme.test").await;
        let typed = recovery[3].to_uppercase();
        assert!(
            app.status_of(&b, "/api/verify_second_factor", &[("code", &typed)])
                .await
                < 400
        );
        assert!(signed_in(&app, &b).await);
        let again = password_step(&app, "cus@acme.test").await;
        assert_eq!(
            app.status_of(
                &again,
                "/api/verify_second_factor",
                &[("code", &recovery[3])]
            )
            .await,
            422,
            "{backend:?}: a used recovery code"
        );
        let mine = app.json_from(&b, "/api/my_second_factor").await;
        assert_eq!(mine["recovery_codes_left"], 9);
    }
}

/// Six digits the app shows at no step near now.
fn wrong_code(secret: &str) -> String {
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| (-1..=2).all(|s| code(secret, s) != *c))
        .unwrap()
}

async fn verify_status(app: &TestApp, b: &reqwest::Client, typed: &str) -> u16 {
    app.status_of(b, "/api/verify_second_factor", &[("code", typed)])
        .await
}

#[tokio::test]
async fn wrong_codes_lock_the_second_step_like_wrong_passwords() {
    for backend in backends() {
        let app = spawn(backend).await;
        let first = app.signed_in_browser("cora@acme.test").await;
        let (secret, ..) = enrol(&app, &first).await;
        let wrong = wrong_code(&secret);
        let b = password_step(&app, "cora@acme.test").await;
        for _ in 0..4 {
            assert_eq!(verify_status(&app, &b, &wrong).await, 422, "{backend:?}");
        }
        assert_eq!(
            verify_status(&app, &b, &wrong).await,
            429,
            "{backend:?}: the fifth wrong code ends the sign-in"
        );
        assert_eq!(
            verify_status(&app, &b, &code(&secret, 1)).await,
            401,
            "{backend:?}: that sign-in is gone, even with the right code"
        );
        let again = password_step(&app, "cora@acme.test").await;
        assert_eq!(
            verify_status(&app, &again, &code(&secret, 1)).await,
            429,
            "{backend:?}: locked even with the right code"
        );
        assert!(!signed_in(&app, &b).await);
        assert!(!signed_in(&app, &again).await);
    }
}

#[tokio::test]
async fn four_wrong_codes_after_each_correct_password_still_lock() {
    for backend in backends() {
        let app = spawn(backend).await;
        let first = app.signed_in_browser("cora@acme.test").await;
        let (secret, ..) = enrol(&app, &first).await;
        let wrong = wrong_code(&secret);
        let b = password_step(&app, "cora@acme.test").await;
        for _ in 0..4 {
            assert_eq!(verify_status(&app, &b, &wrong).await, 422, "{backend:?}");
        }
        // The right password again: a new pending sign-in, the count goes on.
        let b = password_step(&app, "cora@acme.test").await;
        assert_eq!(
            app.json_from(&b, "/api/second_factor_status").await["step"],
            "Verify"
        );
        assert_eq!(
            verify_status(&app, &b, &wrong).await,
            429,
            "{backend:?}: the fifth wrong code over two password steps locks"
        );
        assert_eq!(
            app.status_of(&b, "/api/second_factor_status", &NONE).await,
            401,
            "{backend:?}: the pending sign-in has ended"
        );
        let b = password_step(&app, "cora@acme.test").await;
        assert_eq!(
            verify_status(&app, &b, &code(&secret, 1)).await,
            429,
            "{backend:?}: the lock holds after yet another correct password"
        );
        assert!(!signed_in(&app, &b).await);
        assert_eq!(app.audit_count("second_factor", "failed").await, 5);
    }
}

#[tokio::test]
async fn a_second_factor_lockout_earned_on_one_server_holds_on_another() {
    for backend in backends() {
        let app = spawn(backend).await;
        let first = app.signed_in_browser("cora@acme.test").await;
        let (secret, ..) = enrol(&app, &first).await;
        let wrong = wrong_code(&secret);
        let b = password_step(&app, "cora@acme.test").await;
        for _ in 0..4 {
            assert_eq!(verify_status(&app, &b, &wrong).await, 422);
        }
        let other = app.another_server().await;
        let b = password_step(&other, "cora@acme.test").await;
        assert_eq!(
            verify_status(&other, &b, &wrong).await,
            429,
            "{backend:?}: the count from the first server goes on here"
        );
        let b = password_step(&app, "cora@acme.test").await;
        assert_eq!(
            verify_status(&app, &b, &code(&secret, 1)).await,
            429,
            "{backend:?}: and back on the first"
        );
    }
}

#[tokio::test]
async fn a_next_page_that_leaves_the_site_is_dropped_at_the_second_step() {
    for backend in backends() {
        let app = spawn(backend).await;
        let first = app.signed_in_browser("cora@acme.test").await;
        let (_, recovery, _) = enrol(&app, &first).await;
        for (typed, next) in recovery
            .iter()
            .zip(["/\t/evil.test/", "/\u{b}x", "/%09/evil.test/"])
        {
            let b = password_step(&app, "cora@acme.test").await;
            let res = app
                .post_as(&b, "/api/verify_second_factor")
                .header("accept", "text/html")
                .form(&[("code", typed.as_str()), ("next", next)])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 302, "{backend:?}: {next:?}");
            assert_eq!(res.headers()["location"], "/", "{next:?}");
            assert!(crate::common::session_cookie(&res).is_some(), "{next:?}");
            assert!(signed_in(&app, &b).await, "{next:?}");
        }
    }
}

#[tokio::test]
async fn a_company_that_requires_a_second_factor_makes_its_members_enrol_first() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await.to_string();
        let rule = [("company_id", acme.as_str()), ("required", "true")];
        let tom = app.signed_in_browser("tom@acme.test").await;
        assert_eq!(
            app.status_of(&tom, "/api/set_second_factor_rule", &rule)
                .await,
            403,
            "{backend:?}: a Tenant Admin is not a Tenant Super Admin"
        );
        let gina = app.signed_in_browser("gina@globex.test").await;
        assert_eq!(
            app.status_of(&gina, "/api/set_second_factor_rule", &rule)
                .await,
            403,
            "{backend:?}: another company's super admin"
        );
        let staff = [("required", "true")];
        assert_eq!(
            app.status_of(&gina, "/api/set_second_factor_rule", &staff)
                .await,
            403,
            "{backend:?}: only the platform sets the staff rule"
        );
        let tina = app.signed_in_browser("tina@acme.test").await;
        let rules = app.json_from(&tina, "/api/second_factor_rules").await;
        assert_eq!(rules.as_array().unwrap().len(), 1, "{rules}");
        assert_eq!(
            app.status_of(&tina, "/api/set_second_factor_rule", &rule)
                .await,
            200
        );

        let b = password_step(&app, "ute@acme.test").await;
        let step = app.json_from(&b, "/api/second_factor_status").await;
        assert_eq!(step["step"], "Enrol");
        assert!(step["reason"].as_str().unwrap().contains("Acme"), "{step}");
        assert_eq!(
            app.status_of(&b, "/api/verify_second_factor", &[("code", "123456")])
                .await,
            409
        );
        assert!(!signed_in(&app, &b).await);
        let (_, codes, _) = enrol(&app, &b).await;
        assert_eq!(codes.len(), 10);
        assert!(
            signed_in(&app, &b).await,
            "{backend:?}: enrolled, signed in"
        );

        // Globex does not require it: its members sign in with a password.
        let cliff = password_step(&app, "cliff@globex.test").await;
        assert!(signed_in(&app, &cliff).await);

        // With the rule on, the last factor cannot be removed.
        assert_eq!(app.status_of(&b, "/api/remove_totp", &NONE).await, 409);
        assert_eq!(
            app.status_of(
                &tina,
                "/api/set_second_factor_rule",
                &[("company_id", acme.as_str()), ("required", "false")]
            )
            .await,
            200
        );
        assert_eq!(app.status_of(&b, "/api/remove_totp", &NONE).await, 200);
        let mine = app.json_from(&b, "/api/my_second_factor").await;
        assert_eq!(mine["authenticator_app"], false);
        assert_eq!(
            mine["recovery_codes_left"], 0,
            "the codes go with the last factor"
        );
    }
}

#[tokio::test]
async fn the_platform_rule_makes_staff_enrol_and_leaves_customers_alone() {
    for backend in backends() {
        let app = spawn(backend).await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        assert_eq!(
            app.status_of(
                &admin,
                "/api/set_second_factor_rule",
                &[("required", "true")]
            )
            .await,
            200
        );
        let junior = password_step(&app, "junior@imprimatur.test").await;
        assert_eq!(
            app.json_from(&junior, "/api/second_factor_status").await["step"],
            "Enrol"
        );
        let customer = password_step(&app, "cus@acme.test").await;
        assert!(signed_in(&app, &customer).await, "{backend:?}");
    }
}

#[tokio::test]
async fn an_administrator_requires_and_resets_a_members_second_factor() {
    for backend in backends() {
        let app = spawn(backend).await;
        let member = app.signed_in_browser("paul@acme.test").await;
        let (secret, ..) = enrol(&app, &member).await;
        let paul = app.user_id("paul@acme.test").await.to_string();
        let id = [("user_id", paul.as_str())];

        // A customer-side role has neither right.
        let carl = app.signed_in_browser("carl@acme.test").await;
        assert_eq!(
            app.status_of(&carl, "/api/member_second_factor", &id).await,
            403
        );
        assert_eq!(
            app.status_of(&carl, "/api/reset_member_second_factor", &id)
                .await,
            403
        );

        let tom = app.signed_in_browser("tom@acme.test").await;
        let seen = app
            .json_from_form(&tom, "/api/member_second_factor", &id)
            .await;
        assert_eq!(seen["enrolled"], true);
        assert_eq!(seen["may_require"], true);
        assert_eq!(seen["may_reset"], true);
        let require = [("user_id", paul.as_str()), ("required", "true")];
        assert_eq!(
            app.status_of(&tom, "/api/require_member_second_factor", &require)
                .await,
            200
        );
        assert_eq!(
            app.status_of(&tom, "/api/require_member_second_factor", &require)
                .await,
            409,
            "{backend:?}: nothing to change"
        );

        assert_eq!(
            app.status_of(&tom, "/api/reset_member_second_factor", &id)
                .await,
            200
        );
        assert!(
            !signed_in(&app, &member).await,
            "{backend:?}: the reset ends their sessions"
        );
        let b = password_step(&app, "paul@acme.test").await;
        let step = app.json_from(&b, "/api/second_factor_status").await;
        assert_eq!(step["step"], "Enrol", "{backend:?}");
        assert!(step["reason"].as_str().unwrap().contains("reset"));
        // The old app's codes are worthless now.
        assert_eq!(
            app.status_of(
                &b,
                "/api/verify_second_factor",
                &[("code", &code(&secret, 1))]
            )
            .await,
            409
        );
        enrol(&app, &b).await;
        assert!(signed_in(&app, &b).await);
        let seen = app
            .json_from_form(&tom, "/api/member_second_factor", &id)
            .await;
        assert_eq!(seen["must_enrol"], false);
        assert_eq!(app.audit_count("second_factor.reset", "ok").await, 1);
    }
}

#[tokio::test]
async fn an_administrator_acting_as_a_member_cannot_touch_their_second_factor() {
    for backend in backends() {
        let app = spawn(backend).await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let cus = app.user_id("cus@acme.test").await.to_string();
        let res = app
            .post_as(&admin, "/api/start_impersonation")
            .form(&[("user_id", cus.as_str()), ("reason", "support ticket 42")])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400);
        for path in [
            "/api/totp_setup_start",
            "/api/new_recovery_codes",
            "/api/remove_totp",
        ] {
            assert_eq!(
                app.status_of(&admin, path, &NONE).await,
                403,
                "{backend:?} {path}"
            );
        }
    }
}

#[tokio::test]
async fn a_sign_in_from_a_shop_comes_back_to_it_after_the_second_step() {
    for backend in backends() {
        let app = spawn(backend).await;
        let first = app.signed_in_browser("cus@acme.test").await;
        let (secret, recovery, _) = enrol(&app, &first).await;
        let location = |res: &reqwest::Response| {
            res.headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let b = crate::common::browser();
        let res = app
            .post_as(&b, "/api/sign_in")
            .form(&[
                ("email", "cus@acme.test"),
                ("password", crate::common::PASSWORD),
                ("next", "/store/shoply"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            location(&res),
            "/sign-in/second-factor?next=/store/shoply",
            "{backend:?}"
        );
        let res = app
            .post_as(&b, "/api/verify_second_factor")
            .form(&[
                ("code", code(&secret, 1).as_str()),
                ("next", "/store/shoply"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400, "{backend:?}: {}", res.status());
        assert_eq!(location(&res), "/store/shoply", "{backend:?}");
        assert!(signed_in(&app, &b).await);

        // A place off this site is never where the second step leads.
        let b = crate::common::browser();
        let res = app
            .post_as(&b, "/api/sign_in")
            .form(&[
                ("email", "cus@acme.test"),
                ("password", crate::common::PASSWORD),
                ("next", "//evil.test/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/sign-in/second-factor", "{backend:?}");
        let res = app
            .post_as(&b, "/api/verify_second_factor")
            .form(&[
                ("code", recovery[0].as_str()),
                ("next", "https://evil.test/"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400, "{backend:?}: {}", res.status());
        assert_eq!(location(&res), "/", "{backend:?}");
    }
}
