//! Chapters over HTTP, on SQLite and PostgreSQL (CtrlPrint): Company and
//! Project Administrators create, rename, reorder, delete, switch off and
//! on, finish and reopen chapters and set levels on them; a plain User
//! sees only the chapters (and projects) they hold a level on and
//! administers nothing; a member of another company sees nothing; bad
//! input is refused and changes nothing; a level change counts from the
//! holder's next request.

use crate::chapter_steps::{create, demo_project, project, set_level};
use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{chapter, chapter_grant, role_assignment};
use sea_orm::{ActiveModelTrait, EntityTrait, NotSet, QueryOrder, Set};
use serde_json::Value;

/// The chapters and levels as they stand, but for the demo project's.
async fn stored(app: &TestApp) -> (Vec<chapter::Model>, Vec<chapter_grant::Model>) {
    let demo = demo_project(app).await;
    let chapters: Vec<chapter::Model> = chapter::Entity::find()
        .order_by_asc(chapter::Column::Id)
        .all(&app.db.read)
        .await
        .unwrap();
    let demo_chapters: Vec<i64> = chapters
        .iter()
        .filter(|c| c.project_id == demo)
        .map(|c| c.id)
        .collect();
    (
        chapters
            .into_iter()
            .filter(|c| c.project_id != demo)
            .collect(),
        chapter_grant::Entity::find()
            .order_by_asc(chapter_grant::Column::Id)
            .all(&app.db.read)
            .await
            .unwrap()
            .into_iter()
            .filter(|g| !demo_chapters.contains(&g.chapter_id))
            .collect(),
    )
}

async fn page(app: &TestApp, b: &reqwest::Client, project: i64) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/list_chapters",
        &[("project_id", project.to_string())],
    )
    .await
}

fn names(page: &Value) -> Vec<String> {
    page["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["chapter"]["name"].as_str().unwrap().to_string())
        .collect()
}

fn chapter_of<'a>(page: &'a Value, name: &str) -> &'a Value {
    page["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["chapter"]["name"] == name)
        .unwrap_or_else(|| panic!("no chapter {name} in {page}"))
}

/// Every changing call on one chapter, each with a form that would work.
fn changes(
    chapter: i64,
    project: i64,
    user: i64,
) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let c = || ("chapter_id", chapter.to_string());
    vec![
        (
            "/api/create_chapter",
            vec![
                ("project_id", project.to_string()),
                ("name", "Sneaked in".into()),
            ],
        ),
        ("/api/rename_chapter", vec![c(), ("name", "Renamed".into())]),
        ("/api/move_chapter", vec![c(), ("up", "true".into())]),
        ("/api/move_chapter", vec![c(), ("up", "false".into())]),
        (
            "/api/set_chapter_active",
            vec![c(), ("active", "false".into())],
        ),
        ("/api/set_chapter_done", vec![c(), ("done", "true".into())]),
        (
            "/api/set_chapter_level",
            vec![
                c(),
                ("user_id", user.to_string()),
                ("level", "in_design".into()),
            ],
        ),
        ("/api/delete_chapter", vec![c()]),
    ]
}

/// Makes `email` Project Administrator of `project` at Acme.
async fn make_project_administrator(app: &TestApp, email: &str, project: i64) {
    role_assignment::ActiveModel {
        id: NotSet,
        user_id: Set(app.user_id(email).await),
        role: Set("project_administrator".into()),
        company_id: Set(Some(app.company_id("acme").await)),
        department_id: Set(None),
        project_id: Set(Some(project)),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(app.db.writer())
    .await
    .unwrap();
}

#[tokio::test]
async fn a_company_administrator_creates_renames_reorders_toggles_finishes_and_deletes_chapters() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let intro = create(&app, &clara, p, "Introduction").await;
        let figures = create(&app, &clara, p, "Key figures").await;
        let outlook = create(&app, &clara, p, "Outlook").await;
        let (status, listed) = page(&app, &clara, p).await;
        assert_eq!(status, 200, "{backend:?} {listed}");
        assert_eq!(names(&listed), ["Introduction", "Key figures", "Outlook"]);
        let first = chapter_of(&listed, "Introduction");
        assert_eq!(first["chapter"]["status"], "template");
        assert_eq!(first["chapter"]["active"], true);
        assert!(!listed["members"].as_array().unwrap().is_empty());

        let form = |id: i64, k: &'static str, v: &str| {
            vec![("chapter_id", id.to_string()), (k, v.to_string())]
        };
        assert_eq!(
            app.status_of(
                &clara,
                "/api/rename_chapter",
                &form(figures, "name", "Figures")
            )
            .await,
            200
        );
        assert_eq!(
            app.status_of(&clara, "/api/move_chapter", &form(outlook, "up", "true"))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&clara, "/api/move_chapter", &form(intro, "up", "true"))
                .await,
            409,
            "the first chapter moves no further up"
        );
        assert_eq!(
            app.status_of(&clara, "/api/move_chapter", &form(intro, "up", "false"))
                .await,
            200
        );
        let (_, listed) = page(&app, &clara, p).await;
        assert_eq!(
            names(&listed),
            ["Outlook", "Introduction", "Figures"],
            "{backend:?}"
        );

        let switch = form(figures, "active", "false");
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_active", &switch)
                .await,
            200
        );
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_active", &switch)
                .await,
            409
        );
        let done = form(figures, "done", "true");
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_done", &done).await,
            200
        );
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_done", &done).await,
            409
        );
        let (_, listed) = page(&app, &clara, p).await;
        let f = chapter_of(&listed, "Figures");
        assert_eq!(f["chapter"]["active"], false);
        assert_eq!(f["chapter"]["status"], "done");
        assert_eq!(
            app.status_of(
                &clara,
                "/api/set_chapter_done",
                &form(figures, "done", "false")
            )
            .await,
            200
        );
        assert_eq!(
            app.status_of(
                &clara,
                "/api/set_chapter_active",
                &form(figures, "active", "true")
            )
            .await,
            200
        );
        let (_, listed) = page(&app, &clara, p).await;
        let f = chapter_of(&listed, "Figures");
        assert_eq!(f["chapter"]["active"], true);
        assert_eq!(f["chapter"]["status"], "template");

        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, figures, doc, "in_copy").await, 200);
        assert_eq!(
            app.status_of(&clara, "/api/delete_chapter", &[("chapter_id", figures)])
                .await,
            200
        );
        assert_eq!(
            app.status_of(&clara, "/api/delete_chapter", &[("chapter_id", figures)])
                .await,
            404
        );
        let (_, listed) = page(&app, &clara, p).await;
        assert_eq!(names(&listed), ["Outlook", "Introduction"], "{backend:?}");
        let (chapters, grants) = stored(&app).await;
        assert_eq!(chapters.len(), 2);
        assert!(
            grants.is_empty(),
            "the deleted chapter's levels went with it"
        );
        assert_eq!(app.audit_count("chapter.create", "ok").await, 3);
        assert_eq!(app.audit_count("chapter.delete", "ok").await, 1);

        // The page itself, rendered on the server with the forms Clara may use.
        let html = clara
            .get(app.url(&format!("/projects/{p}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Outlook") && html.contains("Add chapter"),
            "{backend:?}"
        );
        let list = clara
            .get(app.url("/projects"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains(&format!("/projects/{p}")), "{backend:?}");
    }
}

#[tokio::test]
async fn a_project_administrator_manages_the_chapters_of_their_own_project_only() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let mine = project(&app, &clara, "Annual report").await;
        let theirs = project(&app, &clara, "Sustainability report").await;
        let other_chapter = create(&app, &clara, theirs, "Emissions").await;
        make_project_administrator(&app, "cora@acme.test", mine).await;
        let cora = app.signed_in_browser("cora@acme.test").await;

        let a = create(&app, &cora, mine, "Letter").await;
        let b = create(&app, &cora, mine, "Accounts").await;
        let c = [("chapter_id", b.to_string()), ("up", "true".into())];
        assert_eq!(app.status_of(&cora, "/api/move_chapter", &c).await, 200);
        let r = [
            ("chapter_id", a.to_string()),
            ("name", "Letter to shareholders".into()),
        ];
        assert_eq!(app.status_of(&cora, "/api/rename_chapter", &r).await, 200);
        let t = [("chapter_id", a.to_string()), ("active", "false".into())];
        assert_eq!(
            app.status_of(&cora, "/api/set_chapter_active", &t).await,
            200
        );
        let d = [("chapter_id", a.to_string()), ("done", "true".into())];
        assert_eq!(app.status_of(&cora, "/api/set_chapter_done", &d).await, 200);
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &cora, b, doc, "read_comment").await, 200);
        assert_eq!(set_level(&app, &cora, b, doc, "in_design").await, 200);
        let (_, listed) = page(&app, &cora, mine).await;
        assert_eq!(
            names(&listed),
            ["Accounts", "Letter to shareholders"],
            "{backend:?}"
        );
        let held = &chapter_of(&listed, "Accounts")["levels"];
        assert_eq!(held.as_array().unwrap().len(), 1, "{held}");
        assert_eq!(held[0]["level"], "in_design");
        assert_eq!(held[0]["email"], "doc@acme.test");
        assert_eq!(set_level(&app, &cora, b, doc, "none").await, 200);
        assert_eq!(set_level(&app, &cora, b, doc, "none").await, 409);
        assert_eq!(
            app.status_of(&cora, "/api/delete_chapter", &[("chapter_id", a)])
                .await,
            200
        );

        // Another project of the company is hidden from her, as if it did not exist.
        let before = stored(&app).await;
        assert_eq!(page(&app, &cora, theirs).await.0, 404, "{backend:?}");
        for (path, form) in changes(other_chapter, theirs, doc) {
            assert_eq!(
                app.status_of(&cora, path, &form).await,
                404,
                "{backend:?} {path}"
            );
        }
        assert_eq!(stored(&app).await, before, "{backend:?}");
        let projects = app.json_from(&cora, "/api/my_projects").await;
        let ids: Vec<i64> = projects
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [mine], "{backend:?} {projects}");
    }
}

#[tokio::test]
async fn a_plain_user_with_a_level_sees_only_their_chapters_and_administers_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let hidden_project = project(&app, &clara, "Board minutes").await;
        let given = create(&app, &clara, p, "Introduction").await;
        let withheld = create(&app, &clara, p, "Salaries").await;
        let elsewhere = create(&app, &clara, hidden_project, "Minutes").await;
        let doc = app.user_id("doc@acme.test").await;
        let clara_id = app.user_id("clara@acme.test").await;
        assert_eq!(set_level(&app, &clara, given, doc, "in_copy").await, 200);
        assert_eq!(
            set_level(&app, &clara, given, clara_id, "read_comment").await,
            200
        );

        let docb = app.signed_in_browser("doc@acme.test").await;
        let (status, listed) = page(&app, &docb, p).await;
        assert_eq!(status, 200, "{backend:?} {listed}");
        assert_eq!(names(&listed), ["Introduction"], "{backend:?}");
        // Everyone in the project sees who holds which level.
        assert_eq!(
            chapter_of(&listed, "Introduction")["levels"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert!(listed["members"].as_array().unwrap().is_empty());
        // This project and the demo's, where Doc holds levels too.
        let projects = app.json_from(&docb, "/api/my_projects").await;
        let mut ids: Vec<i64> = projects
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        assert_eq!(ids, [demo_project(&app).await, p], "{projects}");
        assert_eq!(page(&app, &docb, hidden_project).await.0, 404);

        let before = stored(&app).await;
        for chapter in [given, withheld, elsewhere] {
            for (path, form) in changes(chapter, p, doc) {
                assert_eq!(
                    app.status_of(&docb, path, &form).await,
                    403,
                    "{backend:?} {path} on {chapter}"
                );
            }
        }
        assert_eq!(stored(&app).await, before, "{backend:?}");

        let html = docb
            .get(app.url(&format!("/projects/{p}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Introduction"), "{backend:?}");
        assert!(
            !html.contains("Salaries") && !html.contains("Add chapter"),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_member_of_another_company_sees_nothing_even_with_a_level_there() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let gina = app.user_id("gina@globex.test").await;
        // Levels are for members of the project's company.
        assert_eq!(set_level(&app, &clara, ch, gina, "in_design").await, 422);
        // A Documents User at Globex with a level on Acme's chapter written
        // by hand: it reaches nothing outside Globex.
        role_assignment::ActiveModel {
            id: NotSet,
            user_id: Set(gina),
            role: Set("documents_user".into()),
            company_id: Set(Some(app.company_id("globex").await)),
            department_id: Set(None),
            project_id: Set(None),
            created_at: Set(chrono::Utc::now()),
        }
        .insert(app.db.writer())
        .await
        .unwrap();
        chapter_grant::ActiveModel {
            id: NotSet,
            chapter_id: Set(ch),
            user_id: Set(gina),
            level: Set("in_design".into()),
            created_at: Set(chrono::Utc::now()),
        }
        .insert(app.db.writer())
        .await
        .unwrap();
        let ginab = app.signed_in_browser("gina@globex.test").await;
        let projects = app.json_from(&ginab, "/api/my_projects").await;
        assert_eq!(projects, serde_json::json!([]), "{backend:?}");
        assert_eq!(page(&app, &ginab, p).await.0, 404, "{backend:?}");
        let before = stored(&app).await;
        for (path, form) in changes(ch, p, gina) {
            assert_eq!(
                app.status_of(&ginab, path, &form).await,
                403,
                "{backend:?} {path}"
            );
        }
        assert_eq!(stored(&app).await, before);
        // Without any documents role: refused outright.
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        assert_eq!(
            app.status_of(&cliff, "/api/my_projects", &[] as &[(&str, &str)])
                .await,
            403
        );
        assert_eq!(page(&app, &cliff, p).await.0, 403);
    }
}

/// A call, its form and the status it must get.
type Refused<'a> = (&'a str, Vec<(&'a str, &'a str)>, u16);

#[tokio::test]
async fn bad_input_is_refused_with_422_and_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        create(&app, &clara, p, "Outlook").await;
        let doc = app.user_id("doc@acme.test").await;
        let before = stored(&app).await;
        let long = "x".repeat(121);
        let p_s = p.to_string();
        let c_s = ch.to_string();
        let refused: Vec<Refused> = vec![
            (
                "/api/create_chapter",
                vec![("project_id", &p_s), ("name", "  ")],
                422,
            ),
            (
                "/api/create_chapter",
                vec![("project_id", &p_s), ("name", &long)],
                422,
            ),
            (
                "/api/create_chapter",
                vec![("project_id", &p_s), ("name", "Two\nlines")],
                422,
            ),
            (
                "/api/create_chapter",
                vec![("project_id", &p_s), ("name", "Outlook")],
                409,
            ),
            (
                "/api/create_chapter",
                vec![("project_id", "x"), ("name", "Fine")],
                422,
            ),
            (
                "/api/create_chapter",
                vec![("project_id", "999999"), ("name", "Fine")],
                404,
            ),
            (
                "/api/rename_chapter",
                vec![("chapter_id", &c_s), ("name", "")],
                422,
            ),
            (
                "/api/rename_chapter",
                vec![("chapter_id", &c_s), ("name", "Outlook")],
                409,
            ),
            (
                "/api/move_chapter",
                vec![("chapter_id", &c_s), ("up", "sideways")],
                422,
            ),
            ("/api/set_chapter_active", vec![("chapter_id", &c_s)], 422),
            (
                "/api/set_chapter_done",
                vec![("chapter_id", &c_s), ("done", "maybe")],
                422,
            ),
            ("/api/delete_chapter", vec![("chapter_id", "-1")], 404),
        ];
        for (path, form, status) in refused {
            assert_eq!(
                app.status_of(&clara, path, &form).await,
                status,
                "{backend:?} {path} {form:?}"
            );
        }
        assert_eq!(set_level(&app, &clara, ch, doc, "owner").await, 422);
        assert_eq!(set_level(&app, &clara, ch, 999_999, "in_copy").await, 422);
        let (status, body) = app
            .answer_to(
                &clara,
                "/api/set_chapter_level",
                &[
                    ("chapter_id", c_s.as_str()),
                    ("user_id", &doc.to_string()),
                    ("level", ""),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            body.to_string().contains("Choose"),
            "a plain message: {body}"
        );
        assert_eq!(stored(&app).await, before, "{backend:?}");
    }
}

#[tokio::test]
async fn a_level_change_takes_effect_on_the_holders_next_request() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let doc = app.user_id("doc@acme.test").await;
        let docb = app.signed_in_browser("doc@acme.test").await;
        // Cached with no levels here (his demo levels are elsewhere): the
        // project is hidden from him.
        assert_eq!(page(&app, &docb, p).await.0, 404, "{backend:?}");
        let here = |me: &Value| -> Vec<Value> {
            me["principal"]["chapter_grants"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|g| g["project"] == p)
                .cloned()
                .collect()
        };
        let me = app.json_from(&docb, "/api/current_user").await;
        assert!(here(&me).is_empty(), "{me}");

        assert_eq!(set_level(&app, &clara, ch, doc, "in_copy").await, 200);
        let (status, listed) = page(&app, &docb, p).await;
        assert_eq!(status, 200, "{backend:?} {listed}");
        assert_eq!(names(&listed), ["Introduction"]);
        let me = app.json_from(&docb, "/api/current_user").await;
        assert_eq!(here(&me).len(), 1, "{me}");
        assert_eq!(here(&me)[0]["level"], "in_copy");

        // Another server process on the same database sees it too.
        let second = app.another_server().await;
        let there = second.signed_in_browser("doc@acme.test").await;
        assert_eq!(page(&second, &there, p).await.0, 200);
        assert_eq!(set_level(&app, &clara, ch, doc, "none").await, 200);
        assert_eq!(page(&app, &docb, p).await.0, 404, "{backend:?}");
        assert_eq!(page(&second, &there, p).await.0, 404, "{backend:?}");
    }
}

#[tokio::test]
async fn a_form_posted_without_javascript_adds_the_chapter_and_returns_to_the_page() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let back = app.url(&format!("/projects/{p}"));
        let res = app
            .post_as(&clara, "/api/create_chapter")
            .header("accept", "text/html")
            .header("referer", &back)
            .form(&[
                ("project_id", p.to_string()),
                ("name", "Introduction".into()),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_redirection(),
            "{backend:?}: {}",
            res.status()
        );
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&back), "{location}");
        let html = clara.get(&back).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Introduction"), "{backend:?}");
    }
}

#[tokio::test]
async fn deleting_a_project_takes_its_chapters_and_levels_with_it() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, ch, doc, "in_design").await, 200);
        let docb = app.signed_in_browser("doc@acme.test").await;
        assert_eq!(page(&app, &docb, p).await.0, 200);
        let acme = app.company_id("acme").await;
        let delete = [("company_id", acme), ("project_id", p)];
        assert_eq!(
            app.status_of(&clara, "/api/delete_project", &delete).await,
            200,
            "{backend:?}"
        );
        assert_eq!(stored(&app).await, (vec![], vec![]), "{backend:?}");
        // Gone (Doc still holds his levels in the demo project).
        assert_eq!(page(&app, &docb, p).await.0, 404, "{backend:?}");
    }
}
