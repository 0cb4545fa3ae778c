//! Invitations that carry a company's own role or a role at a project, over
//! HTTP on SQLite and PostgreSQL: offered where core allows, given when the
//! person accepts, and the role or project cannot be deleted from under a
//! pending invitation.

use crate::common::{TestApp, backends, browser, spawn};
use imprimatur_server::db::entities::{invitation, role_assignment};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

async fn invite(app: &TestApp, b: &reqwest::Client, email: &str, grant: &str) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/invite_member",
        &[("email", email), ("name", "Nina New"), ("grant", grant)],
    )
    .await
}

/// Accept in `b`, which is then signed in as the new member.
async fn accept(app: &TestApp, b: &reqwest::Client, token: &str) -> u16 {
    app.post_as(b, "/api/accept_invitation")
        .form(&[
            ("token", token),
            ("name", "Nina New"),
            ("password", "a long new password 42"),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn roles_of(app: &TestApp, email: &str) -> Vec<(String, Option<i64>)> {
    let id = app.user_id(email).await;
    role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(id))
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.role, r.project_id))
        .collect()
}

#[tokio::test]
async fn a_tenant_admin_invites_with_the_companys_own_role_and_it_is_held_once_accepted() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await;
        let tom = app.signed_in_browser("tom@acme.test").await;
        let res = app
            .post_as(&tom, "/api/save_custom_role")
            .json(&json!({ "company_id": acme, "role": {
                "id": null, "name": "Member helper", "family": "tenant", "grants": ["portal.access@8", "users.view@8"] }}))
            .send()
            .await
            .unwrap();
        let id: i64 = res.text().await.unwrap().parse().unwrap();
        let grant = format!("{acme}:custom:{id}");

        // Offered to Tom in the invitation form, with its name.
        let places = app.json_from(&tom, "/api/invite_places").await;
        let acme_place = places
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["company_id"] == acme && p["department_id"].is_null())
            .unwrap();
        assert!(
            acme_place["roles"]
                .to_string()
                .contains(&format!("[\"custom:{id}\",\"Member helper\"]")),
            "{backend:?} {acme_place}"
        );
        // Another company's admin gets the same 403 for it as for a role
        // that does not exist; Ute may not invite at all.
        let gina = app.signed_in_browser("gina@globex.test").await;
        let ute = app.signed_in_browser("ute@acme.test").await;
        let invitations = || invitation::Entity::find().count(&app.db.read);
        let before = invitations().await.unwrap();
        for (b, g) in [
            (&gina, grant.clone()),
            (&gina, format!("{acme}:custom:999999")),
            (&ute, grant.clone()),
        ] {
            assert_eq!(
                invite(&app, b, "nina@acme.test", &g).await.0,
                403,
                "{backend:?} {g}"
            );
        }
        assert_eq!(
            invite(
                &app,
                &tom,
                "nina@acme.test",
                &format!("{acme}:custom:999999")
            )
            .await
            .0,
            404
        );
        assert_eq!(invitations().await.unwrap(), before, "{backend:?}");

        // A role that opens neither the portal nor the printer app would
        // leave Nina unable to sign in: refused.
        let res = app
            .post_as(&tom, "/api/save_custom_role")
            .json(&json!({ "company_id": acme, "role": {
                "id": null, "name": "Viewer only", "family": "tenant", "grants": ["users.view@8"] }}))
            .send()
            .await
            .unwrap();
        let viewer: i64 = res.text().await.unwrap().parse().unwrap();
        let (status, answer) = invite(
            &app,
            &tom,
            "nina@acme.test",
            &format!("{acme}:custom:{viewer}"),
        )
        .await;
        assert_eq!(
            (
                status,
                answer.to_string().contains("does not let anyone sign in")
            ),
            (422, true),
            "{answer}"
        );
        assert_eq!(invitations().await.unwrap(), before, "{backend:?}");

        let (status, answer) = invite(&app, &tom, "nina@acme.test", &grant).await;
        assert_eq!(status, 200, "{backend:?} {answer}");
        let mail = app.last_mail_to("nina@acme.test").await.unwrap();
        assert!(mail.body.contains("as Member helper"), "{}", mail.body);
        let listed = app.json_from(&tom, "/api/list_invitations").await;
        assert!(
            listed.to_string().contains("\"role\":\"Member helper\""),
            "{listed}"
        );

        // Not deleted from under the pending invitation.
        let delete = app
            .post_as(&tom, "/api/delete_custom_role")
            .form(&[
                ("company_id", acme.to_string()),
                ("role_id", id.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(delete.status(), 409, "{backend:?}");
        assert!(
            delete
                .text()
                .await
                .unwrap()
                .contains("1 pending invitation(s) offer")
        );

        let token = app.token_mailed_to("nina@acme.test").await;
        let nina = browser();
        assert_eq!(accept(&app, &nina, &token).await, 200, "{backend:?}");
        assert_eq!(
            roles_of(&app, "nina@acme.test").await,
            vec![(format!("custom:{id}"), None)]
        );
        let members = app
            .post_as(&nina, "/api/list_members")
            .form(&[("search", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            members.status(),
            200,
            "the role's permission works: {backend:?}"
        );
    }
}

#[tokio::test]
async fn a_platform_admin_invites_a_project_administrator_to_a_project() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await.to_string();
        let clara = app.signed_in_browser("clara@acme.test").await;
        let create = [
            ("company_id", acme.clone()),
            ("name", "Annual report".to_string()),
        ];
        assert_eq!(
            app.status_of(&clara, "/api/create_project", &create).await,
            200
        );
        let page = app
            .json_from_form(&clara, "/api/projects", &[("company_id", &acme)])
            .await;
        let project = page["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Annual report")
            .and_then(|p| p["id"].as_i64())
            .unwrap();
        let grant = format!("{acme}/p{project}:project_administrator");

        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let places = app.json_from(&admin, "/api/invite_places").await;
        assert!(
            places
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["project_id"] == project
                    && p["roles"].to_string().contains("project_administrator")),
            "{backend:?}"
        );
        // Tina invites at Acme, but holds nothing of a project administrator's.
        let tina = app.signed_in_browser("tina@acme.test").await;
        assert_eq!(
            invite(&app, &tina, "pat@acme.test", &grant).await.0,
            403,
            "{backend:?}"
        );
        // A project role at the company is no place core allows.
        let (status, _) = invite(
            &app,
            &admin,
            "pat@acme.test",
            &format!("{acme}:project_administrator"),
        )
        .await;
        assert_eq!(status, 403, "{backend:?}");

        let (status, answer) = invite(&app, &admin, "pat@acme.test", &grant).await;
        assert_eq!(status, 200, "{backend:?} {answer}");
        let mail = app.last_mail_to("pat@acme.test").await.unwrap();
        assert!(
            mail.subject.contains("Acme Print Buyers / Annual report"),
            "{}",
            mail.subject
        );
        let delete = [
            ("company_id", acme.clone()),
            ("project_id", project.to_string()),
        ];
        assert_eq!(
            app.status_of(&clara, "/api/delete_project", &delete).await,
            409,
            "{backend:?}"
        );

        let token = app.token_mailed_to("pat@acme.test").await;
        assert_eq!(accept(&app, &browser(), &token).await, 200, "{backend:?}");
        assert_eq!(
            roles_of(&app, "pat@acme.test").await,
            vec![("project_administrator".to_string(), Some(project))]
        );
    }
}
