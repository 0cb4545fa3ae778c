//! Chapter files and versions over HTTP, on SQLite and PostgreSQL
//! (CtrlPrint, "Files and versions"): InDesign uploads the first document
//! and its PDF into an empty chapter; the holder of a check-out checks in
//! version n+1, which releases the lock; a check-out an administrator
//! released refuses the check-in; downloads give back the exact bytes
//! with their SHA-256; refused uploads leave no file and no row.

use crate::chapter_steps::{create, project, set_level};
use crate::common::{TestApp, backends, spawn, spawn_configured};
use crate::snapshot::snapshot;
use imprimatur_server::db::entities::{chapter, chapter_version};
use imprimatur_server::documents::pdf;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use sha2::{Digest, Sha256};

const BOUNDARY: &str = "----imprimatur-test-boundary";

/// A multipart/form-data body of `(name, file name, bytes)` parts.
fn form(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, file, bytes) in parts {
        out.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(f) => out.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => out.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

async fn post_files(
    app: &TestApp,
    b: &reqwest::Client,
    chapter: i64,
    what: &str,
    document: &[u8],
    pdf_bytes: &[u8],
    comment: Option<&str>,
) -> (u16, Value) {
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![
        ("document", Some("Chapter.indd"), document),
        ("pdf", Some("Chapter.pdf"), pdf_bytes),
    ];
    if let Some(c) = comment {
        parts.push(("comment", None, c.as_bytes()));
    }
    let res = app
        .post_as(b, &format!("/chapters/{chapter}/{what}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("accept", "application/json")
        .body(form(&parts))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or(Value::Null);
    (status, body)
}

async fn upload(
    app: &TestApp,
    b: &reqwest::Client,
    chapter: i64,
    document: &[u8],
    pdf_bytes: &[u8],
) -> (u16, Value) {
    post_files(app, b, chapter, "document", document, pdf_bytes, None).await
}

async fn check_in(
    app: &TestApp,
    b: &reqwest::Client,
    chapter: i64,
    document: &[u8],
    pdf_bytes: &[u8],
) -> (u16, Value) {
    post_files(
        app,
        b,
        chapter,
        "check-in",
        document,
        pdf_bytes,
        Some("Second round"),
    )
    .await
}

fn on(chapter: i64) -> [(&'static str, String); 1] {
    [("chapter_id", chapter.to_string())]
}

/// The files the storage holds (temporary ones included; the demo's
/// chapters have some).
fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(&app.config.storage.dir)
        .map(|d| d.count())
        .unwrap_or(0)
}

async fn versions_in_db(app: &TestApp, chapter: i64) -> u64 {
    chapter_version::Entity::find()
        .filter(chapter_version::Column::ChapterId.eq(chapter))
        .count(&app.db.read)
        .await
        .unwrap()
}

async fn row(app: &TestApp, chapter: i64) -> chapter::Model {
    chapter::Entity::find_by_id(chapter)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Clara's project with one chapter; Doc holds `level` on it.
async fn chapter_with(app: &TestApp, level: &str) -> (reqwest::Client, i64, reqwest::Client) {
    let clara = app.signed_in_browser("clara@acme.test").await;
    let p = project(app, &clara, "Annual report").await;
    let ch = create(app, &clara, p, "Introduction").await;
    let doc = app.user_id("doc@acme.test").await;
    assert_eq!(set_level(app, &clara, ch, doc, level).await, 200);
    let docb = app.signed_in_browser("doc@acme.test").await;
    (clara, ch, docb)
}

async fn get(app: &TestApp, b: &reqwest::Client, path: &str) -> reqwest::Response {
    b.get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn an_in_design_user_uploads_the_first_document_and_everyone_downloads_the_exact_bytes() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let document = b"InDesign document bytes \x00\x01\x02".repeat(1000);
        let pdf_bytes = pdf::sample("Introduction", 3);
        let (status, body) = upload(&app, &docb, ch, &document, &pdf_bytes).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(body["version"], 1);
        assert_eq!(row(&app, ch).await.status, "text_exists");
        assert_eq!(app.audit_count("chapter.upload", "ok").await, 1);
        assert_eq!(stored_files(&app) - base, 2, "{backend:?}");

        let (status, list) = app.answer_to(&clara, "/api/list_versions", &on(ch)).await;
        assert_eq!(status, 200, "{backend:?} {list}");
        let v = &list[0];
        assert_eq!(v["number"], 1);
        assert_eq!(v["created_by_name"], "Doc User");
        assert_eq!(v["document_name"], "Chapter.indd");
        assert_eq!(v["pdf_pages"], 3);
        assert_eq!(v["document_size"], document.len());
        assert_eq!(v["document_sha256"], sha(&document));

        // A Read & Comment user downloads a read-only copy and the PDF.
        let reader = app.user_id("doc@acme.test").await;
        assert_eq!(
            set_level(&app, &clara, ch, reader, "read_comment").await,
            200
        );
        let docb = app.signed_in_browser("doc@acme.test").await;
        for (path, bytes) in [
            (format!("/chapters/{ch}/document"), &document),
            (format!("/chapters/{ch}/pdf?version=1"), &pdf_bytes),
        ] {
            let res = get(&app, &docb, &path).await;
            assert_eq!(res.status(), 200, "{backend:?} {path}");
            let etag = res.headers()["etag"].to_str().unwrap().to_string();
            assert_eq!(etag, format!("\"{}\"", sha(bytes)), "{path}");
            assert_eq!(
                res.headers()["content-length"].to_str().unwrap(),
                bytes.len().to_string()
            );
            assert!(
                res.headers()["content-disposition"]
                    .to_str()
                    .unwrap()
                    .starts_with("attachment;"),
                "{path}"
            );
            assert_eq!(&res.bytes().await.unwrap()[..], &bytes[..], "{path}");
        }
        let res = get(&app, &docb, &format!("/chapters/{ch}/pdf?version=7")).await;
        assert_eq!(res.status(), 404, "{backend:?}");
        // Signed out: 401; another company's user: as for no such chapter.
        let res = get(
            &app,
            &crate::common::browser(),
            &format!("/chapters/{ch}/pdf"),
        )
        .await;
        assert_eq!(res.status(), 401, "{backend:?}");
        let gina = app.signed_in_browser("gina@globex.test").await;
        let res = get(&app, &gina, &format!("/chapters/{ch}/document")).await;
        assert!(matches!(res.status().as_u16(), 403 | 404), "{backend:?}");

        // A second first document is refused: it goes in by check-in.
        let (status, body) = upload(&app, &clara, ch, &document, &pdf_bytes).await;
        assert_eq!(status, 409, "{backend:?} {body}");
        assert_eq!(stored_files(&app) - base, 2, "{backend:?}");
    }
}

#[tokio::test]
async fn an_in_copy_user_cannot_upload_the_first_document_and_nothing_is_stored() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ch, docb) = chapter_with(&app, "in_copy").await;
        let base = stored_files(&app);
        let before = snapshot(&app).await;
        let (status, body) = upload(&app, &docb, ch, b"doc", &pdf::sample("Intro", 1)).await;
        assert_eq!(status, 403, "{backend:?} {body}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "an InCopy upload");
        assert_eq!(stored_files(&app) - base, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn a_read_and_comment_user_cannot_upload_the_first_document() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ch, docb) = chapter_with(&app, "read_comment").await;
        let base = stored_files(&app);
        let before = snapshot(&app).await;
        let (status, body) = upload(&app, &docb, ch, b"doc", &pdf::sample("Intro", 1)).await;
        assert_eq!(status, 403, "{backend:?} {body}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a Read & Comment upload");
        assert_eq!(stored_files(&app) - base, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn the_holder_checks_in_version_2_which_releases_the_lock() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let (status, _) = upload(&app, &docb, ch, b"v1", &pdf::sample("One", 1)).await;
        assert_eq!(status, 200, "{backend:?}");
        // Not checked out: refused before anything is stored.
        let (status, body) = check_in(&app, &docb, ch, b"v2", &pdf::sample("Two", 2)).await;
        assert_eq!(status, 409, "{backend:?} {body}");
        assert_eq!(stored_files(&app) - base, 2);
        let (status, body) = app
            .answer_to(&docb, "/api/check_out_chapter", &on(ch))
            .await;
        assert_eq!(status, 200, "{backend:?} {body}");
        let (status, body) = check_in(&app, &docb, ch, b"v2", &pdf::sample("Two", 2)).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(body["version"], 2);
        let r = row(&app, ch).await;
        assert_eq!((r.locked_by, r.locked_at), (None, None), "{backend:?}");
        assert_eq!(app.audit_count("chapter.check_in", "ok").await, 1);
        assert_eq!(stored_files(&app) - base, 4);
        let (_, list) = app.answer_to(&clara, "/api/list_versions", &on(ch)).await;
        assert_eq!(list[0]["number"], 2, "{list}");
        assert_eq!(list[0]["comment"], "Second round");
        assert_eq!(list[0]["pdf_pages"], 2);
        let res = get(&app, &docb, &format!("/chapters/{ch}/document")).await;
        assert_eq!(&res.bytes().await.unwrap()[..], b"v2");
    }
}

#[tokio::test]
async fn a_check_in_after_an_administrator_released_the_check_out_is_refused_and_nothing_is_written()
 {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let (status, _) = upload(&app, &docb, ch, b"v1", &pdf::sample("One", 1)).await;
        assert_eq!(status, 200);
        let (status, _) = app
            .answer_to(&docb, "/api/check_out_chapter", &on(ch))
            .await;
        assert_eq!(status, 200);
        let (status, body) = app.answer_to(&clara, "/api/unlock_chapter", &on(ch)).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        let before = snapshot(&app).await;
        let files = stored_files(&app) - base;
        let (status, body) = check_in(&app, &docb, ch, b"v2", &pdf::sample("Two", 1)).await;
        assert_eq!(status, 409, "{backend:?} {body}");
        let text = body.to_string();
        assert!(
            text.contains(
                "Your check-out of chapter \u{201c}Introduction\u{201d} was released by Clara"
            ) && text.contains("Check the chapter out again"),
            "{text}"
        );
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a check-in after a forced unlock");
        assert_eq!(stored_files(&app) - base, files, "{backend:?}");
        assert_eq!(versions_in_db(&app, ch).await, 1);
    }
}

#[tokio::test]
async fn a_check_in_into_a_done_chapter_is_refused() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let (status, _) = upload(&app, &docb, ch, b"v1", &pdf::sample("One", 1)).await;
        assert_eq!(status, 200);
        let (status, _) = app
            .answer_to(&docb, "/api/check_out_chapter", &on(ch))
            .await;
        assert_eq!(status, 200);
        let (status, body) = app
            .answer_to(
                &clara,
                "/api/set_chapter_done",
                &[("chapter_id", ch.to_string()), ("done", "true".into())],
            )
            .await;
        assert_eq!(status, 200, "{backend:?} {body}");
        let (status, body) = check_in(&app, &docb, ch, b"v2", &pdf::sample("Two", 1)).await;
        assert_eq!(status, 409, "{backend:?} {body}");
        assert!(body.to_string().contains("is done"), "{body}");
        assert_eq!(versions_in_db(&app, ch).await, 1);
        assert_eq!(stored_files(&app) - base, 2, "{backend:?}");
        assert_eq!(
            row(&app, ch).await.locked_by,
            Some(app.user_id("doc@acme.test").await)
        );
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_413_and_leaves_no_file_and_no_row() {
    for backend in backends() {
        let app =
            spawn_configured(backend, true, &[("IMPRIMATUR_STORAGE_MAX_UPLOAD_MB", "1")]).await;
        let (_, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let big = vec![7u8; 3 * 1024 * 1024 / 2];
        let (status, body) = upload(&app, &docb, ch, &big, &pdf::sample("One", 1)).await;
        assert_eq!(status, 413, "{backend:?} {body}");
        assert_eq!(stored_files(&app) - base, 0, "{backend:?}");
        assert_eq!(versions_in_db(&app, ch).await, 0);
        assert_eq!(row(&app, ch).await.status, "template");
        // Under the limit (but over the 2 MiB of other requests' total).
        let doc = vec![7u8; 1024 * 1024 - 10];
        let pdf_bytes = [pdf::sample("One", 1), vec![b' '; 1024 * 1024 - 10_000]].concat();
        let (status, body) = upload(&app, &docb, ch, &doc, &pdf_bytes).await;
        assert_eq!(status, 200, "{backend:?} {body}");
    }
}

#[tokio::test]
async fn a_pdf_that_is_not_one_or_a_missing_file_is_refused_with_422_and_nothing_stored() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let before = snapshot(&app).await;
        let (status, body) = upload(&app, &docb, ch, b"doc", b"this is no PDF").await;
        assert_eq!(status, 422, "{backend:?} {body}");
        assert!(body.to_string().contains("PDF"), "{body}");
        let res = app
            .post_as(&docb, &format!("/chapters/{ch}/document"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(form(&[("document", Some("a.indd"), b"doc")]))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{backend:?}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a refused upload");
        assert_eq!(stored_files(&app) - base, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn an_administrator_deletes_an_old_version_but_not_the_newest_while_it_is_checked_out() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let (status, _) = upload(&app, &docb, ch, b"v1", &pdf::sample("One", 1)).await;
        assert_eq!(status, 200);
        let (status, _) = app
            .answer_to(&docb, "/api/check_out_chapter", &on(ch))
            .await;
        assert_eq!(status, 200);
        let (status, _) = check_in(&app, &docb, ch, b"v2", &pdf::sample("Two", 1)).await;
        assert_eq!(status, 200);
        let (status, _) = app
            .answer_to(&docb, "/api/check_out_chapter", &on(ch))
            .await;
        assert_eq!(status, 200);
        let del = |n: i32| [("chapter_id", ch.to_string()), ("number", n.to_string())];
        // Doc (a Documents User) may not delete versions.
        let (status, body) = app.answer_to(&docb, "/api/delete_version", &del(1)).await;
        assert_eq!(status, 403, "{backend:?} {body}");
        // The newest, while checked out: 409.
        let (status, body) = app.answer_to(&clara, "/api/delete_version", &del(2)).await;
        assert_eq!(status, 409, "{backend:?} {body}");
        assert_eq!(stored_files(&app) - base, 4);
        let (status, body) = app.answer_to(&clara, "/api/delete_version", &del(9)).await;
        assert_eq!(status, 404, "{backend:?} {body}");
        let (status, body) = app.answer_to(&clara, "/api/delete_version", &del(1)).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(versions_in_db(&app, ch).await, 1);
        assert_eq!(stored_files(&app) - base, 2, "{backend:?}");
        assert_eq!(app.audit_count("chapter.delete_version", "ok").await, 1);
        let (_, list) = app.answer_to(&docb, "/api/list_versions", &on(ch)).await;
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    }
}

#[tokio::test]
async fn a_forged_cross_site_upload_is_refused_and_stores_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let body = form(&[
            ("document", Some("a.indd"), b"doc"),
            ("pdf", Some("a.pdf"), &pdf::sample("One", 1)),
        ]);
        for what in ["document", "check-in"] {
            let res = docb
                .post(app.url(&format!("/chapters/{ch}/{what}")))
                .header("origin", "https://evil.example")
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{backend:?} {what}");
            let text = res.text().await.unwrap();
            assert!(
                text.contains("did not come from the portal's own pages"),
                "{text}"
            );
        }
        assert_eq!(stored_files(&app) - base, 0, "{backend:?}");
        assert_eq!(versions_in_db(&app, ch).await, 0);
    }
}

#[tokio::test]
async fn a_pdf_over_its_own_smaller_limit_is_refused_with_413_though_the_document_may_be_larger() {
    for backend in backends() {
        let app = spawn_configured(
            backend,
            true,
            &[
                ("IMPRIMATUR_STORAGE_MAX_UPLOAD_MB", "4"),
                ("IMPRIMATUR_STORAGE_MAX_PDF_MB", "1"),
            ],
        )
        .await;
        let (_, ch, docb) = chapter_with(&app, "in_design").await;
        let base = stored_files(&app);
        let pdf_bytes = [pdf::sample("One", 1), vec![b' '; 3 * 1024 * 1024 / 2]].concat();
        let (status, body) = upload(&app, &docb, ch, b"doc", &pdf_bytes).await;
        assert_eq!(status, 413, "{backend:?} {body}");
        assert_eq!(stored_files(&app) - base, 0, "{backend:?}");
        assert_eq!(versions_in_db(&app, ch).await, 0);
        // A 3 MiB document with a small PDF is within the limits.
        let doc = vec![7u8; 3 * 1024 * 1024];
        let (status, body) = upload(&app, &docb, ch, &doc, &pdf::sample("One", 1)).await;
        assert_eq!(status, 200, "{backend:?} {body}");
    }
}
