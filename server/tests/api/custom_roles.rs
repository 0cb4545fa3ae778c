//! A company's own roles over HTTP, on SQLite and PostgreSQL (PrintShop Mail
//! Web "Create new roles"): built only from what the creator holds, given to
//! members like any role, a change previewed before it is saved, and never
//! deleted from under the members holding it.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{custom_role, custom_role_grant};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

async fn stored(app: &TestApp) -> (u64, u64) {
    (
        custom_role::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap(),
        custom_role_grant::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap(),
    )
}

async fn send(
    app: &TestApp,
    b: &reqwest::Client,
    path: &str,
    company: i64,
    role: Value,
) -> (u16, String) {
    let res = app
        .post_as(b, path)
        .json(&json!({ "company_id": company, "role": role }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn helper(id: Option<i64>, grants: &[&str]) -> Value {
    json!({ "id": id, "name": "Member helper", "family": "tenant", "grants": grants })
}

#[tokio::test]
async fn a_tenant_admin_builds_a_role_from_what_they_hold_and_nobody_else_builds_one() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await;
        let tom = app.signed_in_browser("tom@acme.test").await;
        let save = "/api/save_custom_role";

        // Bad input: a clear 422 or 403, and nothing written.
        let refusals = [
            (
                helper(None, &["tenant.settings@8"]),
                403,
                "you do not hold it",
            ),
            (
                json!({ "name": "", "family": "tenant", "grants": ["users.view@8"] }),
                422,
                "name",
            ),
            (
                json!({ "name": "X", "family": "corporate", "grants": ["users.view@8"] }),
                422,
                "families",
            ),
            (helper(None, &["nothing@8"]), 422, "no permission"),
            (helper(None, &[]), 422, "at least one permission"),
            (helper(None, &["users.view@10"]), 422, "beyond the company"),
        ];
        for (role, status, says) in refusals {
            let (got, body) = send(&app, &tom, save, acme, role.clone()).await;
            assert_eq!(got, status, "{backend:?} {role}: {body}");
            assert!(body.contains(says), "{backend:?} {role}: {body}");
        }
        assert_eq!(stored(&app).await, (0, 0), "{backend:?}");

        // Neither a customer of the company nor another company's admin.
        for email in ["cus@acme.test", "gina@globex.test"] {
            let b = app.signed_in_browser(email).await;
            let (got, _) = send(&app, &b, save, acme, helper(None, &["users.view@8"])).await;
            assert_eq!(got, 403, "{backend:?} {email}");
            let listed = app
                .status_of(&b, "/api/custom_roles", &[("company_id", acme)])
                .await;
            assert_eq!(listed, 403, "{backend:?} {email}");
        }
        assert_eq!(stored(&app).await, (0, 0), "{backend:?}");

        let (got, body) = send(&app, &tom, save, acme, helper(None, &["users.view@8"])).await;
        assert_eq!(got, 200, "{backend:?}: {body}");
        assert_eq!(stored(&app).await, (1, 1), "{backend:?}");
        let (got, body) = send(&app, &tom, save, acme, helper(None, &["users.view@8"])).await;
        assert_eq!(got, 409, "{backend:?}: {body}");
        assert!(body.contains("already has a role called"), "{body}");
        assert_eq!(app.audit_count("role.custom_created", "ok").await, 1);
    }
}

#[tokio::test]
async fn a_member_given_a_custom_role_gains_its_permissions_and_a_change_is_previewed_first() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await;
        let tom = app.signed_in_browser("tom@acme.test").await;
        let (_, id) = send(
            &app,
            &tom,
            "/api/save_custom_role",
            acme,
            helper(None, &["users.view@8"]),
        )
        .await;
        let id: i64 = id.parse().unwrap();

        // Ute (Tenant User) cannot list members until she holds the role.
        let ute_id = app.user_id("ute@acme.test").await;
        let ute = app.signed_in_browser("ute@acme.test").await;
        let members = |b: &reqwest::Client| {
            app.post_as(b, "/api/list_members")
                .form(&[("search", "")])
                .send()
        };
        assert_eq!(members(&ute).await.unwrap().status(), 403, "{backend:?}");
        // Another company's admin learns nothing about Acme's roles: the same
        // 403 for one that exists and one that does not.
        let gina = app.signed_in_browser("gina@globex.test").await;
        for role in [id, 999_999] {
            let foreign = [
                ("user_id", ute_id.to_string()),
                ("grant", format!("{acme}:custom:{role}")),
            ];
            assert_eq!(
                app.status_of(&gina, "/api/assign_role", &foreign).await,
                403,
                "{backend:?} custom role {role}"
            );
        }
        let grant = format!("{acme}:custom:{id}");
        let given = app
            .status_of(
                &tom,
                "/api/assign_role",
                &[("user_id", ute_id.to_string()), ("grant", grant.clone())],
            )
            .await;
        assert_eq!(given, 200, "{backend:?}");
        assert_eq!(members(&ute).await.unwrap().status(), 200, "{backend:?}");

        // The preview names Ute, what she gains and what she loses; it saves nothing.
        let changed = helper(Some(id), &["users.resend_credentials@8"]);
        let (got, body) = send(
            &app,
            &tom,
            "/api/preview_custom_role",
            acme,
            changed.clone(),
        )
        .await;
        assert_eq!(got, 200, "{backend:?}: {body}");
        let preview: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(preview.as_array().unwrap().len(), 1, "{preview}");
        assert_eq!(preview[0]["email"], "ute@acme.test");
        assert_eq!(
            preview[0]["gained"],
            json!([["users.resend_credentials", "scope"]])
        );
        assert_eq!(preview[0]["lost"], json!([["users.view", "scope"]]));
        assert_eq!(members(&ute).await.unwrap().status(), 200, "{backend:?}");

        let (got, body) = send(&app, &tom, "/api/save_custom_role", acme, changed).await;
        assert_eq!(got, 200, "{backend:?}: {body}");
        assert_eq!(members(&ute).await.unwrap().status(), 403, "{backend:?}");

        // Not deleted while held; deleted once nobody holds it.
        let delete = [("company_id", acme), ("role_id", id)];
        let res = app
            .post_as(&tom, "/api/delete_custom_role")
            .form(&delete)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{backend:?}");
        assert!(res.text().await.unwrap().contains("take it away"));
        let roles = app
            .json_from_form(
                &tom,
                "/api/member_roles",
                &[("user_id", &ute_id.to_string())],
            )
            .await;
        let held = roles
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"]["name"] == "Member helper")
            .expect("the custom role is listed by name");
        assert_eq!(held["removable"], true);
        let removed = app
            .status_of(
                &tom,
                "/api/remove_role",
                &[("assignment_id", held["id"].as_i64().unwrap())],
            )
            .await;
        assert_eq!(removed, 200, "{backend:?}");
        assert_eq!(
            app.status_of(&tom, "/api/delete_custom_role", &delete)
                .await,
            200,
            "{backend:?}"
        );
        assert_eq!(stored(&app).await, (0, 0), "{backend:?}");
        assert_eq!(app.audit_count("role.custom_deleted", "ok").await, 1);
    }
}
