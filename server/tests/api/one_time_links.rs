//! One-time link abuse, for every kind of link the portal mails (an
//! invitation, a password reset, a public shop's sign-up, an outside
//! approver's decision): a mail scanner's GET uses nothing up, a link works
//! once, and an expired link or one of another kind opens nothing and
//! changes nothing. On SQLite and PostgreSQL.

use crate::common::{TestApp, backends, browser, spawn};
use imprimatur_server::auth::session::hash_token;
use imprimatur_server::db::entities::{approval_link, one_time_token, order, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

const NEW_PASSWORD: &str = "a long new passphrase";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Invitation,
    Reset,
    SignUp,
    Approval,
}

const KINDS: [Kind; 4] = [Kind::Invitation, Kind::Reset, Kind::SignUp, Kind::Approval];

/// One live link of every kind, as its recipient got it.
struct Links {
    invitation: String,
    reset: String,
    sign_up: String,
    approval: String,
    order_id: i64,
}

impl Links {
    fn of(&self, kind: Kind) -> &str {
        match kind {
            Kind::Invitation => &self.invitation,
            Kind::Reset => &self.reset,
            Kind::SignUp => &self.sign_up,
            Kind::Approval => &self.approval,
        }
    }
}

/// Some mails leave after the answer: wait for the link.
async fn mailed(app: &TestApp, to: &str) -> String {
    for _ in 0..200 {
        if app.last_mail_to(to).await.is_some() {
            return app.token_mailed_to(to).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no mail to {to}");
}

async fn issue_every_kind(app: &TestApp) -> Links {
    let tina = app.signed_in_browser("tina@acme.test").await;
    let acme = app.company_id("acme").await;
    let invite = [
        ("email", "nina@acme.test".to_string()),
        ("name", "Nina New".to_string()),
        ("grant", format!("{acme}:tenant_user")),
    ];
    assert_eq!(
        app.status_of(&tina, "/api/invite_member", &invite).await,
        200
    );
    app.post_as(&browser(), "/api/request_password_reset")
        .form(&[("email", "cus@acme.test")])
        .send()
        .await
        .unwrap();
    let sign_up = [
        ("slug", "shoply"),
        ("name", "Petra Public"),
        ("email", "petra@public.test"),
        ("password", NEW_PASSWORD),
    ];
    assert_eq!(
        app.status_of(&browser(), "/api/shop_sign_up", &sign_up)
            .await,
        200
    );
    let cliff = app.signed_in_browser("cliff@globex.test").await;
    let letterhead = app.product_named("Letterhead").await.id;
    let form = [
        ("order[product_id]", letterhead.to_string()),
        ("order[quantity]", "10".to_string()),
        ("order[title]", "Letterhead 2027".to_string()),
        ("order[approvers]", "eve@partner.test".to_string()),
        ("order[idempotency_key]", String::new()),
    ];
    let (status, id) = app.answer_to(&cliff, "/api/place_order", &form).await;
    assert_eq!(status, 200, "{id}");
    Links {
        invitation: mailed(app, "nina@acme.test").await,
        reset: mailed(app, "cus@acme.test").await,
        sign_up: mailed(app, "petra@public.test").await,
        approval: mailed(app, "eve@partner.test").await,
        order_id: id.as_i64().unwrap(),
    }
}

/// Use `token` where a link of `kind` is used; the answer's status and text.
async fn use_as(app: &TestApp, kind: Kind, token: &str) -> (u16, String) {
    let b = browser();
    let req = match kind {
        Kind::Invitation => app.post_as(&b, "/api/accept_invitation").form(&[
            ("token", token),
            ("name", "Nina New"),
            ("password", NEW_PASSWORD),
        ]),
        Kind::Reset => app
            .post_as(&b, "/api/reset_password")
            .form(&[("token", token), ("password", NEW_PASSWORD)]),
        Kind::SignUp => app.post_as(&b, "/api/finish_shop_sign_up").form(&[
            ("slug", "shoply"),
            ("token", token),
            ("password", NEW_PASSWORD),
        ]),
        Kind::Approval => app.post_as(&b, "/api/decide_by_link").form(&[
            ("token", token),
            ("approve", "true"),
            ("comment", "Fine by me"),
        ]),
    };
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// What the links may change, in one comparable value: every link's use,
/// the accounts they open or change, and the order they decide.
async fn state(app: &TestApp, links: &Links) -> String {
    let mut out = Vec::new();
    for kind in [Kind::Invitation, Kind::Reset, Kind::SignUp] {
        let row = one_time_token::Entity::find_by_id(hash_token(links.of(kind)))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        out.push(format!("{kind:?} used {:?}", row.used_at));
    }
    let link = approval_link::Entity::find_by_id(hash_token(&links.approval))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap();
    out.push(format!("approval used {:?}", link.used_at));
    for email in ["nina@acme.test", "cus@acme.test", "petra@public.test"] {
        let u = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&app.db.read)
            .await
            .unwrap();
        out.push(format!(
            "{email}: {:?}",
            u.map(|u| (u.state, u.display_name, u.password_hash))
        ));
    }
    let o = order::Entity::find_by_id(links.order_id)
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap();
    out.push(format!("order {}: {}", o.id, o.state));
    out.join("\n")
}

fn page_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Invitation => "/invitation",
        Kind::Reset => "/reset-password",
        Kind::SignUp => "/store/shoply",
        Kind::Approval => "/approve",
    }
}

#[tokio::test]
async fn a_mail_scanner_following_every_link_uses_nothing_up_and_each_link_then_works_once() {
    for backend in backends() {
        let app = spawn(backend).await;
        let links = issue_every_kind(&app).await;
        let before = state(&app, &links).await;
        // A scanner fetches each page (twice), and the read-only previews behind it.
        let scanner = browser();
        for kind in KINDS {
            for _ in 0..2 {
                let url = app.url(&format!("{}?token={}", page_of(kind), links.of(kind)));
                let page = scanner.get(url).send().await.unwrap();
                assert!(page.status().as_u16() < 500, "{backend:?} {kind:?}");
                let head = scanner
                    .head(app.url(&format!("{}?token={}", page_of(kind), links.of(kind))))
                    .send()
                    .await
                    .unwrap();
                assert!(head.status().as_u16() < 500, "{backend:?} {kind:?}");
            }
        }
        let preview = app
            .post_as(&scanner, "/api/preview_invitation")
            .form(&[("token", links.invitation.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status(), 200);
        let look = app
            .post_as(&scanner, "/api/approval_link")
            .form(&[("token", links.approval.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(look.status(), 200);
        assert_eq!(state(&app, &links).await, before, "{backend:?}");

        for kind in KINDS {
            let (status, body) = use_as(&app, kind, links.of(kind)).await;
            assert!(status < 400, "{backend:?} {kind:?}: {status} {body}");
            let after_first = state(&app, &links).await;
            let (status, body) = use_as(&app, kind, links.of(kind)).await;
            assert_eq!(status, 404, "{backend:?} {kind:?} replayed: {body}");
            assert!(body.contains("expired or was already used"), "{body}");
            assert_eq!(
                state(&app, &links).await,
                after_first,
                "{backend:?} {kind:?}: a replay changed something"
            );
        }
        let o = order::Entity::find_by_id(links.order_id)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(o.state, "awaiting_approval", "the link decided once");
    }
}

#[tokio::test]
async fn a_link_of_one_kind_opens_nothing_of_another_kind() {
    for backend in backends() {
        let app = spawn(backend).await;
        let links = issue_every_kind(&app).await;
        let before = state(&app, &links).await;
        for issued in KINDS {
            for used in KINDS.into_iter().filter(|k| *k != issued) {
                let (status, body) = use_as(&app, used, links.of(issued)).await;
                assert_eq!(
                    status, 404,
                    "{backend:?}: a {issued:?} link used as {used:?}: {body}"
                );
                assert!(body.contains("expired or was already used"), "{body}");
            }
        }
        assert_eq!(state(&app, &links).await, before, "{backend:?}");
        // Every link still works where it belongs.
        for kind in KINDS {
            let (status, body) = use_as(&app, kind, links.of(kind)).await;
            assert!(status < 400, "{backend:?} {kind:?}: {status} {body}");
        }
    }
}

#[tokio::test]
async fn an_expired_link_of_any_kind_changes_nothing() {
    for backend in backends() {
        let app = spawn(backend).await;
        let links = issue_every_kind(&app).await;
        let past = chrono::Utc::now() - chrono::Duration::minutes(1);
        for kind in [Kind::Invitation, Kind::Reset, Kind::SignUp] {
            let row = one_time_token::Entity::find_by_id(hash_token(links.of(kind)))
                .one(&app.db.read)
                .await
                .unwrap()
                .unwrap();
            let mut row: one_time_token::ActiveModel = row.into();
            row.expires_at = Set(past);
            row.update(app.db.writer()).await.unwrap();
        }
        let link = approval_link::Entity::find_by_id(hash_token(&links.approval))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let mut link: approval_link::ActiveModel = link.into();
        link.expires_at = Set(past);
        link.update(app.db.writer()).await.unwrap();

        let before = state(&app, &links).await;
        for kind in KINDS {
            let (status, body) = use_as(&app, kind, links.of(kind)).await;
            assert_eq!(status, 404, "{backend:?} {kind:?}: {body}");
            assert!(body.contains("expired or was already used"), "{body}");
        }
        // Not even the read-only previews show an expired link.
        for (path, token) in [
            ("/api/preview_invitation", &links.invitation),
            ("/api/approval_link", &links.approval),
        ] {
            let res = app
                .post_as(&browser(), path)
                .form(&[("token", token.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{backend:?} {path}");
        }
        assert_eq!(state(&app, &links).await, before, "{backend:?}");
    }
}
