//! Importing members from CSV (PrintJob), on SQLite and PostgreSQL: a dry
//! run reports every line's problems, the import is all or nothing, and
//! every line is checked by `core`.

use crate::common::{TestApp, backends, spawn};
use imprimatur_core::Role;
use imprimatur_server::db::entities::user;
use sea_orm::{EntityTrait, PaginatorTrait};

async fn company(app: &TestApp, slug: &str) -> i64 {
    use imprimatur_server::db::entities::company;
    use sea_orm::{ColumnTrait, QueryFilter};
    company::Entity::find()
        .filter(company::Column::Slug.eq(slug))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn import(
    app: &TestApp,
    b: &reqwest::Client,
    company_id: i64,
    csv: &str,
    invite: bool,
    commit: bool,
) -> (u16, serde_json::Value) {
    let res = app
        .post_as(b, "/api/import_members")
        .form(&[
            ("company_id", company_id.to_string()),
            ("csv", csv.to_string()),
            ("invite", invite.to_string()),
            ("commit", commit.to_string()),
        ])
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn users(app: &TestApp) -> u64 {
    user::Entity::find().count(&app.db.read).await.unwrap()
}

fn customer() -> &'static str {
    Role::Customer.slug()
}

#[tokio::test]
async fn a_dry_run_reports_every_problem_by_line_and_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let acme = company(&app, "acme").await;
        let before = users(&app).await;
        let csv = format!(
            "email,name,department,role\n\
             ok@acme.test,Olga OK,Sales,{cu}\n\
             lost@acme.test,Lost,Nowhere,{cu}\n\
             ok@acme.test,Olga Again,,{cu}\n\
             paul@acme.test,Paul Again,,{cu}\n\
             what@acme.test,What,,wizard\n\
             not-an-address,Bad,,{cu}\n\
             boss@acme.test,Boss,,{tsa}\n",
            cu = customer(),
            tsa = Role::TenantSuperAdmin.slug()
        );
        let (status, report) = import(&app, &carl, acme, &csv, false, true).await;
        assert_eq!(status, 200, "{backend:?}: {report}");
        assert_eq!(report["rows"], 7);
        assert_eq!(report["imported"], 0, "all or nothing");
        let lines: Vec<i64> = report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["line"].as_i64().unwrap())
            .collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8], "{report}");
        let text = report.to_string();
        for expected in [
            "no department \u{201c}Nowhere\u{201d}",
            "also on line 2",
            "paul@acme.test is already a member of this company",
            "no role \u{201c}wizard\u{201d}",
            "does not look like an e-mail address",
            "You may not give the role Tenant Super Admin there",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
        assert_eq!(users(&app).await, before, "{backend:?}");
    }
}

#[tokio::test]
async fn a_clean_file_imports_inactive_members_with_departments_and_roles() {
    for backend in backends() {
        let app = spawn(backend).await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let acme = company(&app, "acme").await;
        let csv = format!(
            "Role,Email,Name,Department\n{cu},a@acme.test,Anna,Sales\n{cu},\"b@acme.test\",\"Berg, Bo\",Marketing\nPower User,c@acme.test,Cy,\n",
            cu = customer()
        );
        let (status, report) = import(&app, &carl, acme, &csv, false, false).await;
        assert_eq!(
            (status, report["imported"].as_i64()),
            (200, Some(0)),
            "dry run"
        );
        let (status, report) = import(&app, &carl, acme, &csv, false, true).await;
        assert_eq!(status, 200, "{backend:?}: {report}");
        assert_eq!(report["imported"], 3);
        let listed = app
            .post_as(&carl, "/api/list_members")
            .form(&[("search", "berg")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(listed.contains("\"state\":\"inactive\""), "{listed}");
        assert!(listed.contains("Berg, Bo"));
        assert_eq!(
            app.sign_in("a@acme.test", "anything at all").await.status(),
            401
        );
        assert_eq!(app.audit_count("members.imported", "ok").await, 1);
        // The same file again: every line is now a duplicate account.
        let (_, again) = import(&app, &carl, acme, &csv, false, true).await;
        assert_eq!(again["problems"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test]
async fn an_invited_import_mails_each_person_their_invitation() {
    for backend in backends() {
        let app = spawn(backend).await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let globex = company(&app, "acme").await;
        let csv = format!(
            "email,name,role\nx@acme.test,X,{cu}\ny@acme.test,Y,{cu}\n",
            cu = customer()
        );
        let (status, report) = import(&app, &carl, globex, &csv, true, true).await;
        assert_eq!(status, 200, "{backend:?}: {report}");
        for to in ["x@acme.test", "y@acme.test"] {
            let mail = app.last_mail_to(to).await.expect("an invitation");
            assert!(mail.body.contains("/invitation?token="));
        }
    }
}

#[tokio::test]
async fn a_malformed_file_is_refused_with_a_plain_message() {
    for backend in backends() {
        let app = spawn(backend).await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        // Into his own company: the file itself is what is refused.
        let acme = company(&app, "acme").await;
        let before = users(&app).await;
        for (csv, expected) in [
            (
                "email,name,role\na@globex.test,A\n",
                "Line 2 is not valid CSV",
            ),
            (
                "email,name,colour\n",
                "Unknown column \u{201c}colour\u{201d}",
            ),
            ("email,name\n", "no \u{201c}role\u{201d} column"),
            ("email,name,role\n", "lists no members"),
        ] {
            let (status, body) = import(&app, &carl, acme, csv, false, true).await;
            assert_eq!(status, 422, "{backend:?} {csv:?}: {body}");
            assert!(body.to_string().contains(expected), "{expected}: {body}");
        }
        assert_eq!(users(&app).await, before);
    }
}

#[tokio::test]
async fn only_those_who_may_create_users_import_and_only_where_they_may() {
    for backend in backends() {
        let app = spawn(backend).await;
        let globex = company(&app, "globex").await;
        let acme = company(&app, "acme").await;
        let csv = format!("email,name,role\nz@globex.test,Z,{}\n", customer());
        // PrintJob: a department manager cannot create users.
        let dan = app.signed_in_browser("dan@globex.test").await;
        assert_eq!(
            import(&app, &dan, globex, &csv, false, true).await.0,
            403,
            "{backend:?}"
        );
        // Acme's company manager cannot import into Globex.
        let carl = app.signed_in_browser("carl@acme.test").await;
        let (status, report) = import(&app, &carl, globex, &csv, false, true).await;
        assert_eq!(status, 403);
        assert!(report.to_string().contains("create users in this company"));
        // The page offers Carl only Acme.
        let companies: serde_json::Value = app.json_from(&carl, "/api/import_companies").await;
        assert_eq!(companies, serde_json::json!([[acme, "Acme Print Buyers"]]));
    }
}

async fn invitations(app: &TestApp) -> u64 {
    use imprimatur_server::db::entities::invitation;
    invitation::Entity::find()
        .count(&app.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_import_check_answers_alike_for_an_address_with_an_account_elsewhere_and_a_fresh_one() {
    for backend in backends() {
        let app = spawn(backend).await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let acme = company(&app, "acme").await;
        let line = |email: &str| format!("email,name,role\n{email},Someone,{}\n", customer());
        // Sam has an account, in Globex only.
        let elsewhere = import(&app, &carl, acme, &line("sam@globex.test"), false, false).await;
        let fresh = import(&app, &carl, acme, &line("fresh@acme.test"), false, false).await;
        assert_eq!(elsewhere, fresh, "{backend:?}");
        assert_eq!(fresh.1["problems"], serde_json::json!([]));

        let before = users(&app).await;
        let elsewhere = import(&app, &carl, acme, &line("sam@globex.test"), false, true).await;
        let fresh = import(&app, &carl, acme, &line("fresh@acme.test"), false, true).await;
        assert_eq!(elsewhere, fresh, "{backend:?}");
        assert_eq!(fresh.1["imported"], 1);
        // Sam's account is not duplicated nor given a role: he is invited.
        assert_eq!(users(&app).await, before + 1);
        let mail = app
            .last_mail_to("sam@globex.test")
            .await
            .expect("an invitation");
        assert!(mail.body.contains("/invitation?token="), "{}", mail.body);
    }
}

#[tokio::test]
async fn an_import_into_a_company_that_does_not_exist_is_refused_like_a_foreign_one_and_writes_nothing()
 {
    for backend in backends() {
        let app = spawn(backend).await;
        let carl = app.signed_in_browser("carl@acme.test").await;
        let globex = company(&app, "globex").await;
        let csv = format!("email,name,role\nz@globex.test,Z,{}\n", customer());
        let (users_before, invitations_before) = (users(&app).await, invitations(&app).await);
        let foreign = import(&app, &carl, globex, &csv, true, true).await;
        let missing = import(&app, &carl, 987_654, &csv, true, true).await;
        assert_eq!(foreign.0, 403, "{backend:?}: {}", foreign.1);
        assert_eq!(foreign, missing, "{backend:?}");
        assert_eq!(users(&app).await, users_before);
        assert_eq!(invitations(&app).await, invitations_before);
        assert!(app.last_mail_to("z@globex.test").await.is_none());
        assert_eq!(app.audit_count("members.imported", "ok").await, 0);
    }
}
