//! Comments on chapters and the chapter log over HTTP, on SQLite and
//! PostgreSQL (CtrlPrint: "Add comments", "Change comment status" for
//! every level; "Delete comments" and "View chapter logs" for
//! administrators only). A refused or invalid call writes nothing.

use crate::chapter_steps::{create, project, set_level};
use crate::common::{TestApp, backends, spawn};
use crate::snapshot::snapshot;
use imprimatur_server::db::entities::{role_assignment, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};
use serde_json::Value;

async fn add(
    app: &TestApp,
    b: &reqwest::Client,
    chapter: i64,
    page: &str,
    body: &str,
) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/add_comment",
        &[
            ("chapter_id", chapter.to_string()),
            ("page", page.to_string()),
            ("body", body.to_string()),
        ],
    )
    .await
}

async fn set_status(
    app: &TestApp,
    b: &reqwest::Client,
    comment: i64,
    status: &str,
) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/set_comment_status",
        &[
            ("comment_id", comment.to_string()),
            ("status", status.to_string()),
        ],
    )
    .await
}

async fn delete(app: &TestApp, b: &reqwest::Client, comment: i64) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/delete_comment",
        &[("comment_id", comment.to_string())],
    )
    .await
}

async fn comments(app: &TestApp, b: &reqwest::Client, chapter: i64) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/list_comments",
        &[("chapter_id", chapter.to_string())],
    )
    .await
}

async fn log(app: &TestApp, b: &reqwest::Client, chapter: i64) -> (u16, Value) {
    app.answer_to(
        b,
        "/api/chapter_log",
        &[("chapter_id", chapter.to_string())],
    )
    .await
}

/// `n` more Documents Users at Acme ("Reader 1" …), with Doc's password.
async fn documents_users(app: &TestApp, n: usize) -> Vec<(i64, String)> {
    let doc = user::Entity::find()
        .filter(user::Column::Email.eq("doc@acme.test"))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap();
    let acme = app.company_id("acme").await;
    let mut out = Vec::new();
    for i in 1..=n {
        let email = format!("reader{i}@acme.test");
        let u = user::ActiveModel {
            email: Set(email.clone()),
            display_name: Set(format!("Reader {i}")),
            password_hash: Set(doc.password_hash.clone()),
            state: Set("active".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(app.db.writer())
        .await
        .unwrap();
        role_assignment::ActiveModel {
            id: NotSet,
            user_id: Set(u.id),
            role: Set("documents_user".into()),
            company_id: Set(Some(acme)),
            department_id: Set(None),
            project_id: Set(None),
            created_at: Set(chrono::Utc::now()),
        }
        .insert(app.db.writer())
        .await
        .unwrap();
        out.push((u.id, email));
    }
    out
}

/// Clara's project "Annual report" with a chapter "Introduction" on
/// which Doc holds `level`; Clara's and Doc's browsers and the chapter.
async fn chapter_with(app: &TestApp, level: &str) -> (reqwest::Client, reqwest::Client, i64, i64) {
    let clara = app.signed_in_browser("clara@acme.test").await;
    let p = project(app, &clara, "Annual report").await;
    let ch = create(app, &clara, p, "Introduction").await;
    let doc = app.user_id("doc@acme.test").await;
    assert_eq!(set_level(app, &clara, ch, doc, level).await, 200);
    let docb = app.signed_in_browser("doc@acme.test").await;
    (clara, docb, p, ch)
}

#[tokio::test]
async fn every_level_adds_a_comment_even_on_a_done_chapter_and_everyone_with_a_level_lists_them() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, docb, _, ch) = chapter_with(&app, "read_comment").await;
        let others = documents_users(&app, 2).await;
        for ((id, _), level) in others.iter().zip(["in_copy", "in_design"]) {
            assert_eq!(set_level(&app, &clara, ch, *id, level).await, 200);
        }
        let b1 = app.signed_in_browser(&others[0].1).await;
        let b2 = app.signed_in_browser(&others[1].1).await;
        for (who, b, page) in [
            ("Read & Comment", &docb, "3"),
            ("InCopy", &b1, ""),
            ("InDesign", &b2, "12"),
            ("Company Administrator", &clara, ""),
        ] {
            let (status, body) = add(&app, b, ch, page, &format!("  From {who}.  ")).await;
            assert_eq!(status, 200, "{backend:?} {who}: {body}");
            assert!(body.as_i64().is_some(), "{body}");
        }
        assert_eq!(app.audit_count("chapter.comment_add", "ok").await, 4);
        let (status, list) = comments(&app, &b1, ch).await;
        assert_eq!(status, 200, "{list}");
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 4, "{backend:?} {list:?}");
        assert_eq!(list[0]["body"], "From Read & Comment.", "trimmed");
        assert_eq!(list[0]["page"], 3);
        assert_eq!(list[1]["page"], Value::Null);
        assert_eq!(list[2]["author"], "Reader 2");
        assert!(list.iter().all(|c| c["status"] == "open"), "{list:?}");
        // A done chapter still takes comments (see add_comment.rs).
        let done = [("chapter_id", ch.to_string()), ("done", "true".into())];
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_done", &done).await,
            200
        );
        let (status, body) = add(&app, &docb, ch, "", "Please reopen: typo.").await;
        assert_eq!(status, 200, "{backend:?} on a done chapter: {body}");
    }
}

#[tokio::test]
async fn a_read_and_comment_user_changes_a_comments_status() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, docb, _, ch) = chapter_with(&app, "read_comment").await;
        let (_, id) = add(&app, &clara, ch, "", "Check the figures.").await;
        let id = id.as_i64().unwrap();
        for status in ["in_progress", "done", "open"] {
            let (code, body) = set_status(&app, &docb, id, status).await;
            assert_eq!(code, 200, "{backend:?} {status}: {body}");
        }
        let (_, list) = comments(&app, &docb, ch).await;
        assert_eq!(list[0]["status"], "open");
        assert_eq!(list[0]["status_changed"][0], "Doc User", "{list}");
        assert_eq!(app.audit_count("chapter.comment_status", "ok").await, 3);
        // The same status again is a conflict that writes nothing.
        let before = snapshot(&app).await;
        let (code, body) = set_status(&app, &docb, id, "open").await;
        assert_eq!(code, 409, "{backend:?} {body}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a status it has already");
    }
}

#[tokio::test]
async fn a_plain_user_cannot_delete_a_comment_and_an_administrator_does() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, docb, _, ch) = chapter_with(&app, "in_design").await;
        let (_, id) = add(&app, &docb, ch, "", "My own comment.").await;
        let id = id.as_i64().unwrap();
        let before = snapshot(&app).await;
        let (status, body) = delete(&app, &docb, id).await;
        assert_eq!(status, 403, "{backend:?} {body}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a plain user's delete");
        let (status, body) = delete(&app, &clara, id).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        let (_, list) = comments(&app, &docb, ch).await;
        assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
        assert_eq!(app.audit_count("chapter.comment_delete", "ok").await, 1);
        // Gone: 404 the second time.
        let (status, _) = delete(&app, &clara, id).await;
        assert_eq!(status, 404, "{backend:?}");
    }
}

#[tokio::test]
async fn an_invalid_status_an_empty_or_too_long_body_and_page_0_are_422_and_write_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (_, docb, _, ch) = chapter_with(&app, "read_comment").await;
        let (_, id) = add(&app, &docb, ch, "", "Fine.").await;
        let id = id.as_i64().unwrap();
        let before = snapshot(&app).await;
        let long = "x".repeat(4001);
        for (what, page, body) in [
            ("an empty body", "", ""),
            ("a blank body", "", "   \n "),
            ("a body of 4,001 characters", "", long.as_str()),
            ("page 0", "0", "Fine."),
            ("page -1", "-1", "Fine."),
            ("a page that is no number", "three", "Fine."),
            ("a control character", "", "bell \u{7}"),
        ] {
            let (status, answer) = add(&app, &docb, ch, page, body).await;
            assert_eq!(status, 422, "{backend:?} {what}: {answer}");
            assert!(!answer.to_string().is_empty());
        }
        for status in ["closed", "", "OPEN"] {
            let (code, answer) = set_status(&app, &docb, id, status).await;
            assert_eq!(code, 422, "{backend:?} {status:?}: {answer}");
        }
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "invalid comments and statuses");
        let (status, _) = add(&app, &docb, ch, "1", &"y".repeat(4000)).await;
        assert_eq!(status, 200, "{backend:?} 4,000 characters on page 1");
    }
}

#[tokio::test]
async fn someone_without_a_level_on_the_chapter_is_refused_and_nothing_is_written() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, _, _, ch) = chapter_with(&app, "read_comment").await;
        let (_, id) = add(&app, &clara, ch, "", "Administrators only see this.").await;
        let id = id.as_i64().unwrap();
        let outsider = documents_users(&app, 1).await;
        let outsider = app.signed_in_browser(&outsider[0].1).await;
        let gina = app.signed_in_browser("gina@globex.test").await;
        let before = snapshot(&app).await;
        for (who, b) in [
            ("an Acme user without a level", &outsider),
            ("Globex's admin", &gina),
        ] {
            let answers = [
                ("list", comments(&app, b, ch).await),
                ("add", add(&app, b, ch, "", "Let me in.").await),
                ("status", set_status(&app, b, id, "done").await),
                ("delete", delete(&app, b, id).await),
                ("log", log(&app, b, ch).await),
            ];
            for (call, (status, body)) in answers {
                assert!(
                    status == 403 || status == 404,
                    "{backend:?} {who} {call}: {status} {body}"
                );
                assert!(
                    !body.to_string().contains("Administrators only"),
                    "{who} {call}: {body}"
                );
            }
        }
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "calls without a level on the chapter");
    }
}

#[tokio::test]
async fn the_log_lists_lock_unlock_and_comment_events_for_administrators_and_is_refused_for_plain_users()
 {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, docb, p, ch) = chapter_with(&app, "in_copy").await;
        let other = create(&app, &clara, p, "Appendix").await;
        let on = |c: i64| [("chapter_id", c.to_string())];
        for c in [other, ch] {
            assert_eq!(
                app.status_of(&clara, "/api/check_out_chapter", &on(c))
                    .await,
                200
            );
            assert_eq!(
                app.status_of(&clara, "/api/unlock_chapter", &on(c)).await,
                200
            );
        }
        assert_eq!(
            app.status_of(&docb, "/api/check_out_chapter", &on(ch))
                .await,
            200
        );
        assert_eq!(
            app.status_of(&docb, "/api/unlock_chapter", &on(ch)).await,
            200
        );
        let (_, id) = add(&app, &docb, ch, "2", "Typo in line 3.").await;
        assert_eq!(
            set_status(&app, &docb, id.as_i64().unwrap(), "done")
                .await
                .0,
            200
        );

        let (status, page) = log(&app, &clara, ch).await;
        assert_eq!(status, 200, "{backend:?} {page}");
        let rows = page["rows"].as_array().unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
        assert_eq!(
            actions,
            [
                "chapter.comment_status",
                "chapter.comment_add",
                "chapter.unlock",
                "chapter.lock",
                "chapter.unlock",
                "chapter.lock",
                "chapter.level_set",
                "chapter.create",
            ],
            "{backend:?} newest first, nothing of Appendix: {page}"
        );
        assert_eq!(page["more"], false);
        assert_eq!(rows[1]["detail"], "Typo in line 3. (page 2)");
        assert!(rows[1]["who"].as_str().unwrap().contains("doc@acme.test"));
        assert_eq!(rows[3]["what"], "Checked out (Edit chapter)");
        // Renamed, the chapter keeps its log.
        let rename = [("chapter_id", ch.to_string()), ("name", "Foreword".into())];
        assert_eq!(
            app.status_of(&clara, "/api/rename_chapter", &rename).await,
            200
        );
        let (_, page) = log(&app, &clara, ch).await;
        let rows = page["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 9, "{backend:?} {page}");
        assert_eq!(rows[0]["action"], "chapter.rename");
        assert_eq!(rows[2]["detail"], "Typo in line 3. (page 2)");

        let before = snapshot(&app).await;
        let (status, body) = log(&app, &docb, ch).await;
        assert_eq!(status, 403, "{backend:?} {body}");
        let res = docb
            .get(app.url(&format!("/chapters/{ch}/log.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403, "{backend:?}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a plain user asking for the log");
    }
}

#[tokio::test]
async fn the_log_csv_is_text_csv_with_the_events_and_a_formula_looking_comment_is_neutralised() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, docb, _, ch) = chapter_with(&app, "read_comment").await;
        let formula = "=HYPERLINK(\"http://evil.test\",\"x\")";
        assert_eq!(add(&app, &docb, ch, "", formula).await.0, 200);
        let res = clara
            .get(app.url(&format!("/chapters/{ch}/log.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{backend:?}");
        let kind = res.headers()[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_string();
        assert!(kind.starts_with("text/csv"), "{kind}");
        let csv = res.text().await.unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("id,at,action,what,who,acting_admin,outcome,detail")
        );
        assert!(csv.contains("chapter.comment_add"), "{csv}");
        assert!(csv.contains("chapter.level_set"), "{csv}");
        assert!(csv.contains("chapter.create"), "{csv}");
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\""),
            "{backend:?} {csv}"
        );
        assert!(
            !csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"),
            "{csv}"
        );
        // A chapter that does not exist: 404.
        let res = clara
            .get(app.url("/chapters/999999/log.csv"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 404);
    }
}

async fn html(b: &reqwest::Client, url: String) -> String {
    b.get(url).send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn the_chapter_page_shows_comments_to_every_level_and_the_log_to_administrators_only() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (clara, docb, p, ch) = chapter_with(&app, "read_comment").await;
        assert_eq!(add(&app, &docb, ch, "4", "Check the caption.").await.0, 200);
        let list = html(&docb, app.url(&format!("/projects/{p}"))).await;
        assert!(
            list.contains(&format!("href=\"/projects/{p}/chapters/{ch}\"")),
            "{backend:?} the chapters page links to the chapter"
        );
        let page = app.url(&format!("/projects/{p}/chapters/{ch}"));
        let as_doc = html(&docb, page.clone()).await;
        for text in [
            "Introduction",
            "Comments",
            "Check the caption.",
            "Page 4",
            "Add comment",
            "Save status",
        ] {
            assert!(as_doc.contains(text), "{backend:?} Doc sees {text:?}");
        }
        for text in ["Download log (CSV)", "aria-label=\"Delete the comment"] {
            assert!(
                !as_doc.contains(text),
                "{backend:?} Doc does not see {text:?}"
            );
        }
        let as_clara = html(&clara, page).await;
        for text in [
            "Download log (CSV)",
            "Comment added",
            "aria-label=\"Delete the comment",
            "Doc User",
        ] {
            assert!(as_clara.contains(text), "{backend:?} Clara sees {text:?}");
        }
    }
}
