//! Projects over HTTP, on SQLite and PostgreSQL (CtrlPrint): a Company
//! Administrator creates one and makes a member its Project Administrator;
//! the project cannot be deleted while the role is held there; nobody
//! without "Create/delete projects" in the company touches them.

use crate::common::{backends, spawn};
use imprimatur_server::db::entities::project;
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn a_company_administrator_makes_a_project_and_a_project_administrator_of_a_member() {
    for backend in backends() {
        let app = spawn(backend).await;
        let acme = app.company_id("acme").await.to_string();
        let clara = app.signed_in_browser("clara@acme.test").await;
        let create = |name: &str| [("company_id", acme.clone()), ("name", name.to_string())];

        for email in ["cus@acme.test", "tom@acme.test", "gina@globex.test"] {
            let b = app.signed_in_browser(email).await;
            assert_eq!(
                app.status_of(&b, "/api/create_project", &create("Annual report"))
                    .await,
                403,
                "{backend:?} {email}"
            );
        }
        assert_eq!(
            app.status_of(&clara, "/api/create_project", &create(" "))
                .await,
            422
        );
        let count = || project::Entity::find().count(&app.db.read);
        // The demo's own project ("Annual Report 2026") is there already.
        let demo = count().await.unwrap();
        assert_eq!(demo, 1, "{backend:?}");
        assert_eq!(
            app.status_of(&clara, "/api/create_project", &create("Annual report"))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&clara, "/api/create_project", &create("Annual report"))
                .await,
            409
        );
        let page = app
            .json_from_form(&clara, "/api/projects", &[("company_id", &acme)])
            .await;
        let id = page["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Annual report")
            .and_then(|p| p["id"].as_i64())
            .unwrap();

        // The project is offered as a place, and Doc becomes its administrator.
        let places = app.json_from(&clara, "/api/assign_places").await;
        let key = format!("{acme}/p{id}");
        assert!(
            places
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["project_id"] == id
                    && p["roles"].to_string().contains("project_administrator")),
            "{places}"
        );
        let doc = app.user_id("doc@acme.test").await;
        let grant = [
            ("user_id", doc.to_string()),
            ("grant", format!("{key}:project_administrator")),
        ];
        assert_eq!(
            app.status_of(&clara, "/api/assign_role", &grant).await,
            200,
            "{backend:?}"
        );
        assert_eq!(app.status_of(&clara, "/api/assign_role", &grant).await, 409);
        let doc_b = app.signed_in_browser("doc@acme.test").await;
        let me = app.json_from(&doc_b, "/api/current_user").await;
        assert!(
            me["roles"]
                .to_string()
                .contains("Acme Print Buyers / Annual report"),
            "{me}"
        );
        // Not at a company-wide place: the role is for one project only.
        let wide = [
            ("user_id", doc.to_string()),
            ("grant", format!("{acme}:project_administrator")),
        ];
        assert_eq!(app.status_of(&clara, "/api/assign_role", &wide).await, 403);

        let delete = [("company_id", acme.clone()), ("project_id", id.to_string())];
        assert_eq!(
            app.status_of(&clara, "/api/delete_project", &delete).await,
            409
        );
        let roles = app
            .json_from_form(
                &clara,
                "/api/member_roles",
                &[("user_id", &doc.to_string())],
            )
            .await;
        let held = roles
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["project_id"] == id)
            .expect("the project role is listed");
        let take = [("assignment_id", held["id"].as_i64().unwrap())];
        assert_eq!(app.status_of(&clara, "/api/remove_role", &take).await, 200);
        assert_eq!(
            app.status_of(&clara, "/api/delete_project", &delete).await,
            200
        );
        assert_eq!(count().await.unwrap(), demo, "{backend:?}");
        assert_eq!(app.audit_count("project.created", "ok").await, 1);
    }
}
