//! Member groups over HTTP, on SQLite and PostgreSQL: a tenant admin makes a
//! group, puts company members in it and gives it a role, and everyone in it
//! holds the role through the group until they leave or it is taken away;
//! administrator roles go to people only; other companies' people stay out.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{group_member, group_role, member_group};
use sea_orm::{EntityTrait, PaginatorTrait};

async fn rows(app: &TestApp) -> (u64, u64, u64) {
    (
        member_group::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap(),
        group_member::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap(),
        group_role::Entity::find()
            .count(&app.db.read)
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn everyone_in_a_group_holds_its_roles_until_they_leave_or_it_is_taken_away() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await.to_string();
        let tom = app.signed_in_browser("tom@acme.test").await;
        let ute = app.signed_in_browser("ute@acme.test").await;
        let members = |b: &reqwest::Client| {
            app.post_as(b, "/api/list_members")
                .form(&[("search", "")])
                .send()
        };

        // Bad input changes nothing.
        let create =
            |name: &'static str| [("company_id", acme.clone()), ("name", name.to_string())];
        assert_eq!(
            app.status_of(&tom, "/api/create_group", &create("")).await,
            422
        );
        assert_eq!(rows(&app).await, (0, 0, 0), "{backend:?}");
        assert_eq!(
            app.status_of(&tom, "/api/create_group", &create("Helpers"))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&tom, "/api/create_group", &create("Helpers"))
                .await,
            409
        );
        let page = app
            .json_from_form(&tom, "/api/groups", &[("company_id", &acme)])
            .await;
        let group = page["groups"][0]["id"].as_i64().unwrap().to_string();

        // Only members of the company join its groups.
        let join = |email: &'static str, member: &'static str| {
            [
                ("company_id", acme.clone()),
                ("group_id", group.clone()),
                ("email", email.to_string()),
                ("member", member.to_string()),
            ]
        };
        assert_eq!(
            app.status_of(&tom, "/api/group_member", &join("gina@globex.test", "true"))
                .await,
            404,
            "{backend:?}"
        );
        assert_eq!(
            app.status_of(&tom, "/api/group_member", &join("not-an-address", "true"))
                .await,
            422
        );
        assert_eq!(
            app.status_of(&tom, "/api/group_member", &join("ute@acme.test", "true"))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&tom, "/api/group_member", &join("ute@acme.test", "true"))
                .await,
            409
        );

        // Administrator roles go to people only; a role elsewhere is refused.
        let give = |grant: String| {
            [
                ("company_id", acme.clone()),
                ("group_id", group.clone()),
                ("grant", grant),
            ]
        };
        let refused = app
            .post_as(&tom, "/api/give_group_role")
            .form(&give(format!("{acme}:tenant_admin")))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403, "{backend:?}");
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("given to people, not groups")
        );
        let globex = app.company_id("globex").await;
        assert_eq!(
            app.status_of(
                &tom,
                "/api/give_group_role",
                &give(format!("{globex}:client_user"))
            )
            .await,
            422
        );
        assert_eq!(rows(&app).await, (1, 1, 0), "{backend:?}");

        // The company's own "Member viewer" role through the group: Ute sees
        // the members.
        let viewer = app
            .post_as(&tom, "/api/save_custom_role")
            .json(&serde_json::json!({
                "company_id": acme.parse::<i64>().unwrap(),
                "role": { "name": "Member viewer", "family": "tenant", "grants": ["users.view@8"] }
            }))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(members(&ute).await.unwrap().status(), 403, "{backend:?}");
        assert_eq!(
            app.status_of(
                &tom,
                "/api/give_group_role",
                &give(format!("{acme}:custom:{viewer}"))
            )
            .await,
            200,
            "{backend:?}"
        );
        assert_eq!(members(&ute).await.unwrap().status(), 200, "{backend:?}");
        let me = app.json_from(&ute, "/api/current_user").await;
        assert!(
            me["roles"].to_string().contains("through the group"),
            "{me}"
        );

        // Leaving the group ends it; so does taking the role from the group.
        assert_eq!(
            app.status_of(&tom, "/api/group_member", &join("ute@acme.test", "false"))
                .await,
            200
        );
        assert_eq!(members(&ute).await.unwrap().status(), 403, "{backend:?}");
        let page = app
            .json_from_form(&tom, "/api/groups", &[("company_id", &acme)])
            .await;
        let held = page["groups"][0]["roles"][0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let take = [("company_id", acme.clone()), ("group_role_id", held)];
        // Not by someone without group rights.
        let cus = app.signed_in_browser("cus@acme.test").await;
        assert_eq!(
            app.status_of(&cus, "/api/take_group_role", &take).await,
            403
        );
        assert_eq!(
            app.status_of(&tom, "/api/take_group_role", &take).await,
            200
        );
        let delete = [("company_id", acme.clone()), ("group_id", group.clone())];
        assert_eq!(app.status_of(&tom, "/api/delete_group", &delete).await, 200);
        assert_eq!(rows(&app).await, (0, 0, 0), "{backend:?}");
        assert_eq!(app.audit_count("group.role_given", "ok").await, 1);
    }
}
