//! Steps the documents tests share: Clara makes a project and chapters and
//! gives levels on them, through the same server functions people use.

use crate::common::TestApp;

/// Clara (Company Administrator at Acme) makes a project; its id.
pub async fn project(app: &TestApp, clara: &reqwest::Client, name: &str) -> i64 {
    let acme = app.company_id("acme").await.to_string();
    let form = [("company_id", acme.clone()), ("name", name.to_string())];
    assert_eq!(
        app.status_of(clara, "/api/create_project", &form).await,
        200
    );
    let page = app
        .json_from_form(clara, "/api/projects", &[("company_id", &acme)])
        .await;
    page["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["id"].as_i64())
        .expect("the new project")
}

pub async fn create(app: &TestApp, b: &reqwest::Client, project: i64, name: &str) -> i64 {
    let (status, id) = app
        .answer_to(
            b,
            "/api/create_chapter",
            &[("project_id", project.to_string()), ("name", name.into())],
        )
        .await;
    assert_eq!(status, 200, "{name}: {id}");
    id.as_i64().expect("the chapter's id")
}

pub async fn set_level(
    app: &TestApp,
    b: &reqwest::Client,
    chapter: i64,
    user: i64,
    level: &str,
) -> u16 {
    app.status_of(
        b,
        "/api/set_chapter_level",
        &[
            ("chapter_id", chapter.to_string()),
            ("user_id", user.to_string()),
            ("level", level.to_string()),
        ],
    )
    .await
}

/// The demo's own project (Acme's "Annual Report 2026", where Doc holds levels).
pub async fn demo_project(app: &TestApp) -> i64 {
    use imprimatur_server::db::entities::project;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    project::Entity::find()
        .filter(project::Column::Name.eq("Annual Report 2026"))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the demo project")
        .id
}
