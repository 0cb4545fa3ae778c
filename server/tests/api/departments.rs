//! Putting members in departments and taking them out ("Place users in
//! departments"), on SQLite and PostgreSQL: where `core` allows, a
//! department manager only in their own departments, and a member who holds
//! a role at a department stays in it.

use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::department;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn department_id(app: &TestApp, name: &str) -> String {
    department::Entity::find()
        .filter(department::Column::Name.eq(name))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

#[tokio::test]
async fn a_tenant_admin_places_a_member_and_a_department_manager_only_in_their_department() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.user_id("cus@acme.test").await.to_string();
        let paul = app.user_id("paul@acme.test").await.to_string();
        let marketing = department_id(&app, "Marketing").await;
        let sales = department_id(&app, "Sales").await;
        let put = |user: &str, dept: &str, member: bool| {
            vec![
                ("user_id", user.to_string()),
                ("department_id", dept.to_string()),
                ("member", member.to_string()),
            ]
        };
        let tom = app.signed_in_browser("tom@acme.test").await;
        let path = "/api/place_in_department";
        assert_eq!(
            app.status_of(&tom, path, &put(&cus, &marketing, true))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&tom, path, &put(&cus, &marketing, true))
                .await,
            409,
            "{backend:?}: already in"
        );
        let rows = app
            .json_from_form(
                &tom,
                "/api/member_departments",
                &[("user_id", cus.as_str())],
            )
            .await;
        let in_marketing =
            rows.as_array().unwrap().iter().any(|d| {
                d["place"].as_str().unwrap().ends_with("Marketing") && d["member"] == true
            });
        assert!(in_marketing, "{backend:?} {rows}");

        // Dora manages Sales: she sees and changes Sales only.
        let dora = app.signed_in_browser("dora@acme.test").await;
        assert_eq!(
            app.status_of(&dora, path, &put(&cus, &marketing, false))
                .await,
            403,
            "{backend:?}"
        );
        let seen = app
            .json_from_form(
                &dora,
                "/api/member_departments",
                &[("user_id", cus.as_str())],
            )
            .await;
        let places: Vec<&str> = seen
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["place"].as_str().unwrap())
            .collect();
        assert_eq!(places, vec!["Acme Print Buyers / Sales"], "{backend:?}");

        // Paul holds Power User in Sales: he stays in it.
        let res = app
            .post_as(&tom, path)
            .form(&put(&paul, &sales, false))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{backend:?}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("take that role away first")
        );

        // A customer may not; another company's admin does not even see her.
        let cora = app.signed_in_browser("cora@acme.test").await;
        assert_eq!(
            app.status_of(&cora, path, &put(&cus, &marketing, false))
                .await,
            403
        );
        let gina = app.signed_in_browser("gina@globex.test").await;
        assert_eq!(
            app.status_of(&gina, path, &put(&cus, &marketing, false))
                .await,
            404
        );
        let tom_id = app.user_id("tom@acme.test").await.to_string();
        assert_eq!(
            app.status_of(&tom, path, &put(&tom_id, &sales, true)).await,
            403
        );

        assert_eq!(
            app.status_of(&tom, path, &put(&cus, &marketing, false))
                .await,
            200
        );
        assert_eq!(app.audit_count("member.department_added", "ok").await, 1);
        assert_eq!(app.audit_count("member.department_removed", "ok").await, 1);
    }
}
