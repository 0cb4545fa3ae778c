//! Check-out locks on chapters over HTTP, on SQLite and PostgreSQL
//! (CtrlPrint, "Files and versions"): a member with InCopy or InDesign
//! checks a chapter out ("Edit chapter") and everyone else is told who
//! holds it since when; Read & Comment may not; the holder unlocks their
//! own lock, an administrator anyone's, a plain user nobody else's; a done
//! or inactive chapter is not checked out; of eight people who click at
//! once exactly one gets the lock, trial after trial (`LOCK_TRIALS`, 1,000
//! by default).

use std::sync::Arc;

use crate::chapter_steps::{create, project, set_level};
use crate::common::{TestApp, backends, spawn};
use crate::snapshot::snapshot;
use imprimatur_server::db::entities::{chapter, role_assignment, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};
use serde_json::Value;

fn on(chapter: i64) -> [(&'static str, String); 1] {
    [("chapter_id", chapter.to_string())]
}

async fn check_out(app: &TestApp, b: &reqwest::Client, chapter: i64) -> (u16, Value) {
    app.answer_to(b, "/api/check_out_chapter", &on(chapter))
        .await
}

async fn unlock(app: &TestApp, b: &reqwest::Client, chapter: i64) -> (u16, Value) {
    app.answer_to(b, "/api/unlock_chapter", &on(chapter)).await
}

/// Who holds the chapter's lock in the database, and since when.
async fn holder(app: &TestApp, chapter: i64) -> (Option<i64>, bool) {
    let c = chapter::Entity::find_by_id(chapter)
        .one(app.db.writer())
        .await
        .unwrap()
        .expect("the chapter");
    (c.locked_by, c.locked_at.is_some())
}

/// The chapter as `list_chapters` shows it to `b`.
async fn listed(app: &TestApp, b: &reqwest::Client, project: i64, chapter: i64) -> Value {
    let (status, page) = app
        .answer_to(
            b,
            "/api/list_chapters",
            &[("project_id", project.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    page["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["chapter"]["id"] == chapter)
        .unwrap_or_else(|| panic!("chapter {chapter} not in {page}"))["chapter"]
        .clone()
}

async fn html(app: &TestApp, b: &reqwest::Client, project: i64) -> String {
    b.get(app.url(&format!("/projects/{project}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// `n` more Documents Users at Acme ("Locker 1" …), with Doc's password;
/// their ids.
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
        let email = format!("locker{i}@acme.test");
        let u = user::ActiveModel {
            email: Set(email.clone()),
            display_name: Set(format!("Locker {i}")),
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

#[tokio::test]
async fn an_in_copy_user_checks_a_chapter_out_and_everyone_else_is_refused_with_the_holders_name() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, ch, doc, "in_copy").await, 200);
        let others = documents_users(&app, 1).await;
        let (other_id, other_email) = &others[0];
        assert_eq!(
            set_level(&app, &clara, ch, *other_id, "in_design").await,
            200
        );
        let docb = app.signed_in_browser("doc@acme.test").await;
        let otherb = app.signed_in_browser(other_email).await;
        let before = html(&app, &otherb, p).await;
        assert!(before.contains("Edit chapter"), "{backend:?}");

        let (status, body) = check_out(&app, &docb, ch).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(holder(&app, ch).await, (Some(doc), true), "{backend:?}");
        assert_eq!(app.audit_count("chapter.lock", "ok").await, 1);

        for (who, b) in [("InDesign", &otherb), ("Clara", &clara)] {
            let (status, body) = check_out(&app, b, ch).await;
            assert_eq!(status, 409, "{backend:?} {who}: {body}");
            let text = body.to_string();
            assert!(
                text.contains("Introduction")
                    && text.contains("is being edited by Doc User since")
                    && text.contains("UTC"),
                "{backend:?} {who}: {text}"
            );
        }
        let (status, body) = check_out(&app, &docb, ch).await;
        assert_eq!(status, 409, "{backend:?} {body}");
        assert!(body.to_string().contains("You have been editing"), "{body}");
        assert_eq!(holder(&app, ch).await, (Some(doc), true), "{backend:?}");
        assert_eq!(app.audit_count("chapter.lock", "ok").await, 1);

        // Everyone in the project sees who holds it since when.
        let shown = listed(&app, &otherb, p, ch).await;
        assert_eq!(shown["lock"]["user_id"], doc, "{backend:?} {shown}");
        assert_eq!(shown["lock"]["name"], "Doc User");
        assert!(shown["lock"]["since"].as_str().unwrap().ends_with("UTC"));
        let theirs = html(&app, &otherb, p).await;
        assert!(
            theirs.contains("Checked out by Doc User since")
                && !theirs.contains("Edit chapter")
                && !theirs.contains(">Unlock"),
            "{backend:?}"
        );
        let mine = html(&app, &docb, p).await;
        assert!(
            mine.contains("Checked out by you since") && mine.contains(">Unlock<"),
            "{backend:?}"
        );
        let admin = html(&app, &clara, p).await;
        assert!(admin.contains("Unlock (held by Doc User)"), "{backend:?}");
    }
}

#[tokio::test]
async fn a_read_and_comment_user_cannot_check_a_chapter_out_and_nothing_is_written() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, ch, doc, "read_comment").await, 200);
        let docb = app.signed_in_browser("doc@acme.test").await;
        let gina = app.signed_in_browser("gina@globex.test").await;
        assert!(!html(&app, &docb, p).await.contains("Edit chapter"));
        let before = snapshot(&app).await;
        let (status, body) = check_out(&app, &docb, ch).await;
        assert_eq!(status, 403, "{backend:?} {body}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a Read & Comment check-out");
        // Nor may someone of another company (refused before anything is
        // read, or as for no such chapter).
        let (status, _) = check_out(&app, &gina, ch).await;
        assert!(status == 403 || status == 404, "{backend:?} {status}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a check-out from another company");
        assert_eq!(holder(&app, ch).await, (None, false));
    }
}

#[tokio::test]
async fn the_holder_unlocks_their_own_lock_and_then_someone_else_may_check_it_out() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, ch, doc, "in_copy").await, 200);
        let others = documents_users(&app, 1).await;
        assert_eq!(
            set_level(&app, &clara, ch, others[0].0, "in_copy").await,
            200
        );
        let docb = app.signed_in_browser("doc@acme.test").await;
        let otherb = app.signed_in_browser(&others[0].1).await;

        let (status, body) = unlock(&app, &docb, ch).await;
        assert_eq!(status, 409, "nothing to unlock yet: {body}");
        assert!(body.to_string().contains("is not checked out"), "{body}");
        assert_eq!(check_out(&app, &docb, ch).await.0, 200, "{backend:?}");
        let (status, body) = unlock(&app, &docb, ch).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(holder(&app, ch).await, (None, false), "{backend:?}");
        assert_eq!(app.audit_count("chapter.unlock", "ok").await, 1);
        assert!(listed(&app, &docb, p, ch).await["lock"].is_null());
        assert_eq!(check_out(&app, &otherb, ch).await.0, 200, "{backend:?}");
        assert_eq!(
            holder(&app, ch).await,
            (Some(others[0].0), true),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn an_administrator_unlocks_someone_elses_lock_and_a_plain_user_cannot() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, ch, doc, "in_copy").await, 200);
        let others = documents_users(&app, 1).await;
        assert_eq!(
            set_level(&app, &clara, ch, others[0].0, "in_design").await,
            200
        );
        let docb = app.signed_in_browser("doc@acme.test").await;
        let otherb = app.signed_in_browser(&others[0].1).await;
        assert_eq!(check_out(&app, &docb, ch).await.0, 200, "{backend:?}");

        // A plain user (InDesign, even) may not release Doc's lock.
        let before = snapshot(&app).await;
        let (status, body) = unlock(&app, &otherb, ch).await;
        assert_eq!(status, 403, "{backend:?} {body}");
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a plain user unlocking another's lock");
        assert!(!html(&app, &otherb, p).await.contains("Unlock"));

        let (status, body) = unlock(&app, &clara, ch).await;
        assert_eq!(status, 200, "{backend:?} {body}");
        assert_eq!(holder(&app, ch).await, (None, false), "{backend:?}");
        assert_eq!(app.audit_count("chapter.unlock_other", "ok").await, 1);
        // Released already: Doc's own unlock finds nothing.
        let (status, body) = unlock(&app, &docb, ch).await;
        assert_eq!(status, 409, "{backend:?} {body}");
    }
}

#[tokio::test]
async fn a_done_or_inactive_chapter_refuses_check_out_with_a_clear_message() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let done = create(&app, &clara, p, "Finished").await;
        let off = create(&app, &clara, p, "Switched off").await;
        let doc = app.user_id("doc@acme.test").await;
        assert_eq!(set_level(&app, &clara, done, doc, "in_design").await, 200);
        assert_eq!(set_level(&app, &clara, off, doc, "in_design").await, 200);
        let form = [("chapter_id", done.to_string()), ("done", "true".into())];
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_done", &form).await,
            200
        );
        let form = [("chapter_id", off.to_string()), ("active", "false".into())];
        assert_eq!(
            app.status_of(&clara, "/api/set_chapter_active", &form)
                .await,
            200
        );
        let docb = app.signed_in_browser("doc@acme.test").await;
        let before = snapshot(&app).await;
        for (b, who) in [(&docb, "Doc"), (&clara, "Clara")] {
            let (status, body) = check_out(&app, b, done).await;
            assert_eq!(status, 409, "{backend:?} {who}: {body}");
            assert!(body.to_string().contains("is done"), "{body}");
            let (status, body) = check_out(&app, b, off).await;
            assert_eq!(status, 409, "{backend:?} {who}: {body}");
            assert!(body.to_string().contains("is inactive"), "{body}");
        }
        snapshot(&app)
            .await
            .assert_unchanged_since(&before, "a refused check-out");
        assert!(!html(&app, &docb, p).await.contains("Edit chapter"));
    }
}

#[tokio::test]
async fn a_check_out_form_posted_without_javascript_returns_to_the_page() {
    for backend in backends() {
        let app = spawn(backend).await;
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let back = app.url(&format!("/projects/{p}"));
        let res = app
            .post_as(&clara, "/api/check_out_chapter")
            .header("accept", "text/html")
            .header("referer", &back)
            .form(&on(ch))
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
        let page = clara.get(&back).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Checked out by you since"), "{backend:?}");
    }
}

fn trials() -> usize {
    std::env::var("LOCK_TRIALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

#[tokio::test]
async fn eight_simultaneous_check_outs_by_eight_people_give_exactly_one_lock() {
    for backend in backends() {
        let app = Arc::new(spawn(backend).await);
        let clara = app.signed_in_browser("clara@acme.test").await;
        let p = project(&app, &clara, "Annual report").await;
        let ch = create(&app, &clara, p, "Introduction").await;
        let people = documents_users(&app, 8).await;
        let mut browsers = Vec::new();
        for (id, email) in &people {
            assert_eq!(set_level(&app, &clara, ch, *id, "in_copy").await, 200);
            browsers.push((*id, app.signed_in_browser(email).await));
        }
        let n = trials();
        let started = std::time::Instant::now();
        for trial in 0..n {
            let gate = Arc::new(tokio::sync::Barrier::new(browsers.len()));
            let calls: Vec<_> = browsers
                .iter()
                .map(|(id, b)| {
                    let (app, b, gate, id) = (app.clone(), b.clone(), gate.clone(), *id);
                    tokio::spawn(async move {
                        gate.wait().await;
                        let (status, body) = check_out(&app, &b, ch).await;
                        (id, status, body)
                    })
                })
                .collect();
            let mut winners = Vec::new();
            let mut refusals = Vec::new();
            for call in futures::future::join_all(calls).await {
                let (id, status, body) = call.unwrap();
                match status {
                    200 => winners.push(id),
                    409 => refusals.push(body.to_string()),
                    other => panic!("{backend:?} trial {trial}: {other} {body}"),
                }
            }
            assert_eq!(winners.len(), 1, "{backend:?} trial {trial}: {winners:?}");
            assert_eq!(refusals.len(), 7, "{backend:?} trial {trial}");
            let winner = winners[0];
            assert_eq!(holder(&app, ch).await, (Some(winner), true));
            let name = &people
                .iter()
                .position(|(id, _)| *id == winner)
                .map(|i| format!("is being edited by Locker {}", i + 1))
                .unwrap();
            for text in &refusals {
                assert!(
                    text.contains(name.as_str()),
                    "{backend:?} trial {trial}: {text}"
                );
            }
            // Released for the next trial straight in the database.
            chapter::ActiveModel {
                id: Set(ch),
                locked_by: Set(None),
                locked_at: Set(None),
                ..Default::default()
            }
            .update(app.db.writer())
            .await
            .unwrap();
        }
        assert_eq!(app.audit_count("chapter.lock", "ok").await, n as u64);
        eprintln!(
            "{backend:?}: {n} trials of 8 simultaneous check-outs, exactly one lock each, in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
}
