//! A chapter's log is its own records, found by the chapter's id, on
//! SQLite and PostgreSQL: two chapters of one name in two projects of one
//! company each have their own. Deleting a chapter takes its files out of
//! the storage; reopening a done chapter that has a version gives "Text
//! exists".

use crate::chapter_steps::{create, project, set_level};
use crate::common::{TestApp, backends, spawn};
use imprimatur_server::db::entities::{audit_event, chapter, chapter_version};
use imprimatur_server::documents::pdf;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const BOUNDARY: &str = "----imprimatur-chapter-log-boundary";

/// "Upload document" (`what` = "document") or "Check in" (`what` =
/// "check-in") of one document and its PDF.
async fn send_files(
    app: &TestApp,
    b: &reqwest::Client,
    chapter: i64,
    what: &str,
    document: &[u8],
    pdf_bytes: &[u8],
) -> (u16, Value) {
    let mut body = Vec::new();
    for (name, file, bytes) in [
        ("document", "Chapter.indd", document),
        ("pdf", "Chapter.pdf", pdf_bytes),
    ] {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let res = app
        .post_as(b, &format!("/chapters/{chapter}/{what}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn on(chapter: i64) -> [(&'static str, String); 1] {
    [("chapter_id", chapter.to_string())]
}

async fn log(app: &TestApp, b: &reqwest::Client, chapter: i64) -> Vec<Value> {
    let (status, page) = app.answer_to(b, "/api/chapter_log", &on(chapter)).await;
    assert_eq!(status, 200, "{page}");
    page["rows"].as_array().unwrap().clone()
}

fn actions(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["action"].as_str().unwrap()).collect()
}

/// The files the storage holds (the demo's chapters have some).
fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(&app.config.storage.dir)
        .map(|d| d.count())
        .unwrap_or(0)
}

async fn status_of_chapter(app: &TestApp, chapter: i64) -> String {
    chapter::Entity::find_by_id(chapter)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .status
}

fn done(chapter: i64, done: bool) -> [(&'static str, String); 2] {
    [
        ("chapter_id", chapter.to_string()),
        ("done", done.to_string()),
    ]
}

#[tokio::test]
async fn two_chapters_of_one_name_in_two_projects_of_one_company_have_separate_logs() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let annual = project(&app, &clara, "Annual report").await;
        let green = project(&app, &clara, "Sustainability report").await;
        let a = create(&app, &clara, annual, "Introduction").await;
        let b = create(&app, &clara, green, "Introduction").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, a, doc, "in_copy").await, 200);
        let docb = app.signed_in_browser("doc@acme.test").await;
        for path in ["/api/check_out_chapter", "/api/unlock_chapter"] {
            assert_eq!(app.status_of(&docb, path, &on(a)).await, 200, "{path}");
        }
        let comment = [
            ("chapter_id", a.to_string()),
            ("page", "1".to_string()),
            ("body", "Only about the annual report.".to_string()),
        ];
        assert_eq!(
            app.status_of(&docb, "/api/add_comment", &comment).await,
            200
        );
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_done", &done(b, true))
                .await,
            200
        );

        let rows = log(&app, &clara, a).await;
        assert_eq!(
            actions(&rows),
            [
                "chapter.comment_add",
                "chapter.unlock",
                "chapter.lock",
                "chapter.level_set",
                "chapter.create",
            ],
            "{backend:?} nothing of the other Introduction: {rows:?}"
        );
        assert_eq!(rows[0]["detail"], "Only about the annual report. (page 1)");
        assert_eq!(rows[4]["detail"], "Annual report / Introduction");

        let rows = log(&app, &clara, b).await;
        assert_eq!(
            actions(&rows),
            ["chapter.done", "chapter.create"],
            "{backend:?} nothing of the annual report's Introduction: {rows:?}"
        );
        assert_eq!(rows[1]["detail"], "Sustainability report / Introduction");
        let csv = clara
            .get(app.url(&format!("/chapters/{b}/log.csv")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(csv.contains("chapter.done"), "{backend:?} {csv}");
        assert!(
            !csv.contains("annual report") && !csv.contains("chapter.lock"),
            "{backend:?} {csv}"
        );

        // Every chapter record carries its chapter; the records of other
        // things carry none.
        let chapter_records = audit_event::Entity::find()
            .filter(audit_event::Column::Action.starts_with("chapter."))
            .filter(audit_event::Column::ChapterId.is_null())
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(chapter_records, 0, "{backend:?}");
        let project_records = audit_event::Entity::find()
            .filter(audit_event::Column::Action.starts_with("project."))
            .filter(audit_event::Column::ChapterId.is_not_null())
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(project_records, 0, "{backend:?}");

        // Renamed, a chapter keeps its log, shown without its old name.
        let rename = [("chapter_id", a.to_string()), ("name", "Foreword".into())];
        assert_eq!(
            app.status_of(&clara, "/api/rename_chapter", &rename).await,
            200
        );
        let rows = log(&app, &clara, a).await;
        assert_eq!(rows.len(), 6, "{backend:?} {rows:?}");
        assert_eq!(rows[0]["action"], "chapter.rename");
        assert_eq!(rows[1]["detail"], "Only about the annual report. (page 1)");
        assert_eq!(log(&app, &clara, b).await.len(), 2, "{backend:?}");
    }
}

#[tokio::test]
async fn deleting_a_chapter_removes_its_versions_files_from_the_storage() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let gone = create(&app, &clara, p, "Introduction").await;
        let kept = create(&app, &clara, p, "Appendix").await;
        let doc = app.user_id("doc@acme.test").await;
        for c in [gone, kept] {
            assert_eq!(set_level(&app, &clara, c, doc, "in_design").await, 200);
        }
        let docb = app.signed_in_browser("doc@acme.test").await;
        let base = stored_files(&app);
        let one = pdf::sample("One", 1);
        let (status, body) = send_files(&app, &docb, gone, "document", b"v1", &one).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(
            app.status_of(&docb, "/api/check_out_chapter", &on(gone))
                .await,
            200
        );
        let two = pdf::sample("Two", 2);
        let (status, body) = send_files(&app, &docb, gone, "check-in", b"v2", &two).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        let (status, body) = send_files(&app, &docb, kept, "document", b"kept", &one).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(stored_files(&app) - base, 6, "{backend:?}");

        assert_eq!(
            app.status_of(&clara, "/api/delete_chapter", &on(gone))
                .await,
            200,
            "{backend:?}"
        );
        let rows = chapter_version::Entity::find()
            .filter(chapter_version::Column::ChapterId.eq(gone))
            .count(&app.db.read)
            .await
            .unwrap();
        assert_eq!(rows, 0, "{backend:?}");
        assert_eq!(
            stored_files(&app) - base,
            2,
            "{backend:?} the deleted chapter's four files are gone, Appendix's two stay"
        );
        let res = docb
            .get(app.url(&format!("/chapters/{kept}/pdf")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{backend:?}");
        assert_eq!(res.bytes().await.unwrap().as_ref(), one.as_slice());
    }
}

#[tokio::test]
async fn reopening_a_done_chapter_gives_text_exists_when_it_has_a_version_and_template_otherwise() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let with = create(&app, &clara, p, "Introduction").await;
        let without = create(&app, &clara, p, "Appendix").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, with, doc, "in_design").await, 200);
        let docb = app.signed_in_browser("doc@acme.test").await;
        let (status, body) =
            send_files(&app, &docb, with, "document", b"v1", &pdf::sample("One", 1)).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(status_of_chapter(&app, with).await, "text_exists");
        for c in [with, without] {
            assert_eq!(
                app.status_of(&clara, "/api/set_chapter_done", &done(c, true))
                    .await,
                200
            );
            assert_eq!(status_of_chapter(&app, c).await, "done");
            assert_eq!(
                app.status_of(&clara, "/api/set_chapter_done", &done(c, false))
                    .await,
                200
            );
        }
        assert_eq!(
            status_of_chapter(&app, with).await,
            "text_exists",
            "{backend:?}"
        );
        assert_eq!(
            status_of_chapter(&app, without).await,
            "template",
            "{backend:?}"
        );
        // Open already: 409, and nothing changes.
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_done", &done(with, false))
                .await,
            409
        );
        assert_eq!(status_of_chapter(&app, with).await, "text_exists");
    }
}
