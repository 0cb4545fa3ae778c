//! Companies over HTTP, on SQLite and PostgreSQL: only the platform creates
//! them, with their first administrator's invitation; only a company's
//! Tenant Super Admin (and the platform) keeps its tenant settings; a dealer
//! sees the companies it manages.

use crate::common::{TestApp, backends, spawn};
use crate::snapshot::snapshot;
use imprimatur_server::db::entities::{company, invitation};
use sea_orm::{EntityTrait, PaginatorTrait};

fn new_company<'a>(slug: &'a str, admin: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("company[name]", "Umbrella Corp"),
        ("company[slug]", slug),
        ("company[kind]", "customer"),
        ("company[family]", "corporate"),
        ("company[data_region]", "ch"),
        ("company[dealer_id]", ""),
        ("company[admin_email]", admin),
        ("company[admin_name]", "Ursula Umbrella"),
    ]
}

async fn counts(app: &TestApp) -> (u64, u64) {
    (
        company::Entity::find().count(&app.db.read).await.unwrap(),
        invitation::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn only_the_platform_creates_a_company_and_its_first_admin_is_invited_as_tenant_super_admin()
{
    for backend in backends() {
        let app = spawn(backend).await;
        let form = new_company("umbrella", "ursula@umbrella.test");
        let mut browsers = Vec::new();
        for email in [
            "junior@imprimatur.test",
            "tina@acme.test",
            "tara@dealer.test",
        ] {
            browsers.push((email, app.signed_in_browser(email).await));
        }
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        // Refused, every call until the good one: nothing at all written.
        let untouched = snapshot(&app).await;
        for (email, b) in &browsers {
            assert_eq!(
                app.status_of(b, "/api/create_company", &form).await,
                403,
                "{backend:?} {email}"
            );
        }
        let before = counts(&app).await;
        // A URL name in use, or a malformed one: refused, nothing written.
        let taken = new_company("acme", "ursula@umbrella.test");
        assert_eq!(
            app.status_of(&admin, "/api/create_company", &taken).await,
            409
        );
        let bad = new_company("Umbrella Corp", "ursula@umbrella.test");
        assert_eq!(
            app.status_of(&admin, "/api/create_company", &bad).await,
            422
        );
        let bad_admin = new_company("umbrella", "not an address");
        assert_eq!(
            app.status_of(&admin, "/api/create_company", &bad_admin)
                .await,
            422
        );
        assert_eq!(
            counts(&app).await,
            before,
            "{backend:?}: no half-written company"
        );
        snapshot(&app)
            .await
            .assert_unchanged_since(&untouched, &format!("{backend:?}: a refused company"));

        assert_eq!(
            app.status_of(&admin, "/api/create_company", &form).await,
            200
        );
        let mail = app.last_mail_to("ursula@umbrella.test").await.unwrap();
        assert!(mail.body.contains("as Tenant Super Admin"), "{}", mail.body);
        let token = app.token_mailed_to("ursula@umbrella.test").await;
        let ursula = crate::common::browser();
        let res = app
            .post_as(&ursula, "/api/accept_invitation")
            .form(&[
                ("token", token.as_str()),
                ("name", "Ursula Umbrella"),
                ("password", "ursula's long passphrase"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().as_u16() < 400, "{}", res.status());
        let id = app.company_id("umbrella").await.to_string();
        let settings = app
            .json_from_form(&ursula, "/api/company_settings", &[("company_id", &id)])
            .await;
        assert_eq!(settings["data_region"], "ch");
        assert_eq!(settings["family"], "corporate");
        assert_eq!(settings["may_rename"], true);
    }
}

#[tokio::test]
async fn only_the_tenant_super_admin_keeps_the_settings_and_the_url_name_stays_unique() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await.to_string();
        let save = |name: &'static str,
                    slug: &'static str,
                    family: &'static str,
                    domains: &'static str| {
            vec![
                ("company_id", acme.clone()),
                ("name", name.to_string()),
                ("slug", slug.to_string()),
                ("family", family.to_string()),
                ("approver_domains", domains.to_string()),
            ]
        };
        let mut browsers = Vec::new();
        for email in [
            "tom@acme.test",
            "carl@acme.test",
            "gina@globex.test",
            "clara@acme.test",
        ] {
            browsers.push((email, app.signed_in_browser(email).await));
        }
        let tina = app.signed_in_browser("tina@acme.test").await;
        // Refused, every save until the good one: the company row, and
        // everything else, as it was.
        let untouched = snapshot(&app).await;
        for (email, b) in &browsers {
            let b = b.clone();
            assert_eq!(
                app.status_of(&b, "/api/company_settings", &[("company_id", &acme)])
                    .await,
                403,
                "{backend:?} {email}"
            );
            let res = app
                .post_as(&b, "/api/save_company_settings")
                .form(&save("Mine now", "mine", "storefront", ""))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{backend:?} {email}");
        }
        let post = |f: Vec<(&'static str, String)>| {
            app.post_as(&tina, "/api/save_company_settings")
                .form(&f)
                .send()
        };
        assert_eq!(
            post(save("Acme", "globex", "storefront", ""))
                .await
                .unwrap()
                .status(),
            409
        );
        assert_eq!(
            post(save("Acme", "acme", "storefront", "not a domain"))
                .await
                .unwrap()
                .status(),
            422
        );
        // Members hold storefront roles: the family cannot change under them.
        let res = post(save("Acme Print Buyers", "acme", "corporate", ""))
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{backend:?}");
        assert!(res.text().await.unwrap().contains("customer family"));
        snapshot(&app)
            .await
            .assert_unchanged_since(&untouched, &format!("{backend:?}: a refused settings save"));
        let res = post(save(
            "Acme Print Buyers Ltd",
            "acme-print",
            "storefront",
            "acme.test\npartner.example",
        ))
        .await
        .unwrap();
        assert_eq!(res.status(), 200, "{backend:?}");
        let s = app
            .json_from_form(&tina, "/api/company_settings", &[("company_id", &acme)])
            .await;
        assert_eq!(s["name"], "Acme Print Buyers Ltd");
        assert_eq!(s["slug"], "acme-print");
        assert_eq!(
            s["approver_domains"],
            serde_json::json!(["acme.test", "partner.example"])
        );
        assert_eq!(app.audit_count("company.settings", "ok").await, 1);
    }
}

#[tokio::test]
async fn a_dealer_sees_the_companies_it_manages_and_a_member_only_their_own() {
    for backend in backends() {
        let app = spawn(backend).await;
        let names = |v: serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|c| c["slug"].as_str().unwrap().to_string())
                .collect()
        };
        let tara = app.signed_in_browser("tara@dealer.test").await;
        let seen = names(app.json_from(&tara, "/api/list_companies").await);
        assert!(
            seen.contains(&"northwind".to_string()),
            "{backend:?} {seen:?}"
        );
        assert!(!seen.contains(&"acme".to_string()), "{backend:?} {seen:?}");
        let tina = app.signed_in_browser("tina@acme.test").await;
        assert_eq!(
            names(app.json_from(&tina, "/api/list_companies").await),
            vec!["acme"]
        );
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let all = counts(&app).await.0 as usize;
        assert_eq!(
            names(app.json_from(&admin, "/api/list_companies").await).len(),
            all
        );
    }
}
