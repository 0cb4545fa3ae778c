//! The combined PDF over HTTP, on SQLite and PostgreSQL (CtrlPrint,
//! "Access PDFs (individual chapters and combined)"): the latest PDF of
//! each active chapter the viewer may download, in chapter order, merged
//! into one; a plain User gets only their chapters; inactive chapters and
//! chapters without a version are left out; a member of another company
//! and an unknown project get 404, a project without any PDF 409, nobody
//! signed in 401.

use crate::chapter_steps::{create, project, set_level};
use crate::common::{TestApp, backends, browser, spawn};
use imprimatur_server::db::entities::{chapter_grant, chapter_version, role_assignment};
use imprimatur_server::documents::pdf;
use imprimatur_server::storage::{LocalStorage, Storage, Stored};
use sea_orm::{ActiveModelTrait, EntityTrait, NotSet, Set};

/// `bytes` put into the app's storage (its directory from the configuration).
async fn store(app: &TestApp, bytes: Vec<u8>) -> Stored {
    use futures::StreamExt;
    let storage = LocalStorage::new(app.config.storage.dir.clone());
    let body = futures::stream::once(async move { Ok(bytes::Bytes::from(bytes)) }).boxed();
    storage.put(body, 1 << 20).await.unwrap()
}

/// A new version of `chapter` with a sample PDF of `pages` pages titled
/// `title`, stored the way an upload stores it: the files through the
/// app's storage, then the row.
async fn add_version(app: &TestApp, chapter: i64, title: &str, pages: u32) {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let newest = chapter_version::Entity::find()
        .filter(chapter_version::Column::ChapterId.eq(chapter))
        .order_by_desc(chapter_version::Column::Number)
        .one(app.db.writer())
        .await
        .unwrap()
        .map_or(0, |v| v.number);
    let bytes = pdf::sample(title, pages);
    let document = store(app, format!("{title} manuscript").into_bytes()).await;
    let stored = store(app, bytes).await;
    chapter_version::ActiveModel {
        chapter_id: Set(chapter),
        number: Set(newest + 1),
        document_key: Set(document.key),
        document_name: Set(format!("{title}.txt")),
        document_size: Set(document.size as i64),
        document_sha256: Set(document.sha256),
        pdf_key: Set(stored.key),
        pdf_size: Set(stored.size as i64),
        pdf_sha256: Set(stored.sha256),
        pdf_pages: Set(pages as i32),
        comment: Set(None),
        created_by: Set(app.user_id("clara@acme.test").await),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(app.db.writer())
    .await
    .unwrap();
}

/// GET the combined PDF of `project` as `b`: status, headers and body.
async fn combined(
    app: &TestApp,
    b: &reqwest::Client,
    project: i64,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let res = b
        .get(app.url(&format!("/projects/{project}/combined.pdf")))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

/// Each page's text, in order.
fn texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    (1..=doc.get_pages().len() as u32)
        .map(|page| doc.extract_text(&[page]).unwrap())
        .collect()
}

/// Clara's project with chapters A (two versions: 2 then 3 pages), B (1
/// page), C (4 pages, inactive) and D (no version yet): (project, [A, B, C, D]).
async fn report(app: &TestApp, clara: &reqwest::Client) -> (i64, Vec<i64>) {
    let p = project(app, clara, "Combined report").await;
    let mut ids = Vec::new();
    for name in ["A", "B", "C", "D"] {
        ids.push(create(app, clara, p, name).await);
    }
    add_version(app, ids[0], "Chapter A first", 2).await;
    add_version(app, ids[0], "Chapter A second", 3).await;
    add_version(app, ids[1], "Chapter B", 1).await;
    add_version(app, ids[2], "Chapter C", 4).await;
    assert_eq!(
        app.status_of(
            clara,
            "/api/set_chapter_active",
            &[
                ("chapter_id", ids[2].to_string()),
                ("active", "false".into())
            ],
        )
        .await,
        200
    );
    (p, ids)
}

#[tokio::test]
async fn the_combined_pdf_holds_the_latest_pdf_of_each_active_chapter_in_order() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let (p, ids) = report(&app, &clara).await;
        // B in front of A.
        assert_eq!(
            app.status_of(
                &clara,
                "/api/move_chapter",
                &[("chapter_id", ids[1].to_string()), ("up", "true".into())],
            )
            .await,
            200
        );

        let (status, headers, body) = combined(&app, &clara, p).await;
        assert_eq!(
            status,
            200,
            "{backend:?} {}",
            String::from_utf8_lossy(&body)
        );
        assert_eq!(headers["content-type"], "application/pdf");
        assert_eq!(
            headers["content-disposition"],
            "attachment; filename=\"Combined-report.pdf\"; filename*=UTF-8''Combined%20report.pdf"
        );
        // The latest versions only: B's 1 page and A's second version's 3.
        assert_eq!(pdf::page_count(&body).unwrap(), 1 + 3, "{backend:?}");
        let pages = texts(&body);
        assert!(pages[0].contains("Chapter B"), "{pages:?}");
        for (i, page) in pages[1..].iter().enumerate() {
            assert!(page.contains("Chapter A second"), "{pages:?}");
            assert!(page.contains(&format!("Page {} of 3", i + 1)), "{pages:?}");
        }
        assert!(!pages.iter().any(|t| t.contains("Chapter C")));
        assert_eq!(
            app.audit_count("project.download_combined_pdf", "ok").await,
            1
        );

        // Active again, C comes along.
        assert_eq!(
            app.status_of(
                &clara,
                "/api/set_chapter_active",
                &[
                    ("chapter_id", ids[2].to_string()),
                    ("active", "true".into())
                ],
            )
            .await,
            200
        );
        let (status, _, body) = combined(&app, &clara, p).await;
        assert_eq!(status, 200);
        assert_eq!(pdf::page_count(&body).unwrap(), 1 + 3 + 4, "{backend:?}");
    }
}

#[tokio::test]
async fn a_plain_user_gets_only_the_chapters_they_hold_a_level_on() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let (p, ids) = report(&app, &clara).await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(
            set_level(&app, &clara, ids[1], doc, "read_comment").await,
            200
        );
        // A level on the inactive chapter brings nothing.
        assert_eq!(set_level(&app, &clara, ids[2], doc, "in_design").await, 200);
        let docb = app.signed_in_browser("doc@acme.test").await;
        let (status, _, body) = combined(&app, &docb, p).await;
        assert_eq!(
            status,
            200,
            "{backend:?} {}",
            String::from_utf8_lossy(&body)
        );
        assert_eq!(pdf::page_count(&body).unwrap(), 1, "{backend:?}");
        assert!(texts(&body)[0].contains("Chapter B"));

        // Only a level on a chapter without a PDF: 409 with a plain message.
        assert_eq!(set_level(&app, &clara, ids[1], doc, "none").await, 200);
        assert_eq!(set_level(&app, &clara, ids[3], doc, "in_copy").await, 200);
        let (status, _, body) = combined(&app, &docb, p).await;
        assert_eq!(status, 409, "{backend:?}");
        assert!(
            String::from_utf8_lossy(&body).contains("has a PDF yet"),
            "{}",
            String::from_utf8_lossy(&body)
        );
    }
}

#[tokio::test]
async fn strangers_get_404_people_without_documents_roles_403_and_nobody_signed_in_401() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let (p, ids) = report(&app, &clara).await;
        let before = app.audit_count("project.download_combined_pdf", "ok").await;

        // A Documents User at Globex, with a level on Acme's chapter written
        // by hand: Acme's project does not exist for her.
        let gina = app.user_id("gina@globex.test").await;
        chapter_grant::ActiveModel {
            id: NotSet,
            chapter_id: Set(ids[0]),
            user_id: Set(gina),
            level: Set("in_design".into()),
            created_at: Set(chrono::Utc::now()),
        }
        .insert(app.db.writer())
        .await
        .unwrap();
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
        let gina = app.signed_in_browser("gina@globex.test").await;
        assert_eq!(combined(&app, &gina, p).await.0, 404, "{backend:?}");
        // Doc holds no level in this project.
        let doc = app.signed_in_browser("doc@acme.test").await;
        let (status, _, _) = combined(&app, &doc, p).await;
        assert_eq!(status, 404, "{backend:?}");
        // No such project.
        assert_eq!(combined(&app, &clara, p + 1000).await.0, 404);
        // Without any documents role: refused outright.
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        assert_eq!(combined(&app, &cliff, p).await.0, 403, "{backend:?}");
        // Nobody signed in.
        assert_eq!(combined(&app, &browser(), p).await.0, 401, "{backend:?}");
        assert_eq!(
            app.audit_count("project.download_combined_pdf", "ok").await,
            before
        );
    }
}

#[tokio::test]
async fn a_project_whose_chapters_have_no_pdf_yet_is_a_conflict() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Empty report").await;
        assert_eq!(combined(&app, &clara, p).await.0, 409, "{backend:?}");
        create(&app, &clara, p, "Introduction").await;
        assert_eq!(combined(&app, &clara, p).await.0, 409, "{backend:?}");
    }
}

#[tokio::test]
async fn the_demo_projects_combined_pdf_has_its_three_chapters_nine_pages() {
    for backend in backends() {
        let app = spawn(backend).await;
        let p = crate::chapter_steps::demo_project(&app).await;
        for email in ["clara@acme.test", "doc@acme.test"] {
            let b = app.signed_in_browser(email).await;
            let (status, headers, body) = combined(&app, &b, p).await;
            assert_eq!(status, 200, "{backend:?} {email}");
            assert!(
                headers["content-disposition"]
                    .to_str()
                    .unwrap()
                    .contains("filename=\"Annual-Report-2026.pdf\"")
            );
            assert_eq!(pdf::page_count(&body).unwrap(), 2 + 3 + 4, "{email}");
            assert!(texts(&body)[0].contains("Letter from the CEO"));
        }
    }
}
