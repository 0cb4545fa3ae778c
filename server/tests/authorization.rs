//! The authorization matrix: every registered server function has an
//! entry here, and is called as nobody, as a suspended member, and (where
//! it acts on someone) as every demo account, comparing each answer with
//! what `core` expects. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use common::{PASSWORD, TestApp, backends, browser, spawn};
use imprimatur_core::{
    CompanyId, Permission, Principal, Resource, ResourceKind, UserId, authorize, may_act_on_member,
    may_set_second_factor_rule,
};
use imprimatur_server::accounts::members::resources;
use imprimatur_server::db::entities::user;
use imprimatur_server::identity;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Access {
    /// Anyone may call it; what it proves (a password, a link, a passkey) is the check.
    Open,
    /// A signed-in, active member only; then `core` decides.
    SignedIn,
    /// A sign-in whose password was right and whose second factor is to
    /// come (the set-up functions also serve a signed-in member).
    SigningIn,
}

enum Body {
    Form(&'static [(&'static str, &'static str)]),
    Json(fn() -> serde_json::Value),
}

use Access::*;
use Body::*;

fn register_finish() -> serde_json::Value {
    serde_json::json!({
        "ceremony": "0".repeat(64), "name": "x",
        "credential": { "id": "AAAA", "rawId": "AAAA",
            "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" },
            "extensions": {}, "type": "public-key" }
    })
}

fn custom_role() -> serde_json::Value {
    serde_json::json!({
        "company_id": 1,
        "role": { "name": "Helper", "family": "tenant", "grants": ["users.view@8"] }
    })
}

fn sign_in_finish() -> serde_json::Value {
    serde_json::json!({
        "ceremony": "0".repeat(64),
        "credential": { "id": "AAAA", "rawId": "AAAA",
            "response": { "authenticatorData": "AAAA", "clientDataJSON": "AAAA", "signature": "AAAA", "userHandle": null },
            "extensions": {}, "type": "public-key" }
    })
}

fn accept_with_passkey() -> serde_json::Value {
    let mut v = register_finish();
    v["token"] = TOKEN.into();
    v
}

const TOKEN: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every server function, who may call it, and a well-formed request.
const TABLE: &[(&str, Access, Body)] = &[
    ("/api/current_user", Open, Form(&[])),
    (
        "/api/sign_in",
        Open,
        Form(&[("email", "nobody@acme.test"), ("password", "x")]),
    ),
    ("/api/sign_out", Open, Form(&[])),
    (
        "/api/request_password_reset",
        Open,
        Form(&[("email", "nobody@acme.test")]),
    ),
    (
        "/api/reset_password",
        Open,
        Form(&[("token", TOKEN), ("password", "a long new passphrase")]),
    ),
    ("/api/preview_invitation", Open, Form(&[("token", TOKEN)])),
    (
        "/api/accept_invitation",
        Open,
        Form(&[
            ("token", TOKEN),
            ("name", "X"),
            ("password", "a long new passphrase"),
        ]),
    ),
    (
        "/api/invitation_passkey_start",
        Open,
        Form(&[("token", TOKEN)]),
    ),
    (
        "/api/accept_invitation_with_passkey",
        Open,
        Json(accept_with_passkey),
    ),
    ("/api/passkey_sign_in_start", Open, Form(&[])),
    ("/api/passkey_sign_in_finish", Open, Json(sign_in_finish)),
    ("/api/sign_out_everywhere", SignedIn, Form(&[])),
    ("/api/my_sessions", SignedIn, Form(&[])),
    ("/api/my_impersonations", SignedIn, Form(&[])),
    ("/api/list_members", SignedIn, Form(&[("search", "")])),
    (
        "/api/change_member_state",
        SignedIn,
        Form(&[("user_id", "1"), ("suspend", "false")]),
    ),
    (
        "/api/resend_credentials",
        SignedIn,
        Form(&[("user_id", "1")]),
    ),
    ("/api/invite_places", SignedIn, Form(&[])),
    (
        "/api/invite_member",
        SignedIn,
        Form(&[
            ("email", "new@acme.test"),
            ("name", "New"),
            ("grant", "1:customer"),
        ]),
    ),
    ("/api/list_invitations", SignedIn, Form(&[])),
    (
        "/api/manage_invitation",
        SignedIn,
        Form(&[("id", "1"), ("cancel", "false")]),
    ),
    (
        "/api/list_audit",
        SignedIn,
        Form(&[
            ("query[action]", ""),
            ("query[outcome]", ""),
            ("query[email]", ""),
            ("query[limit]", "10"),
        ]),
    ),
    ("/api/list_mail", SignedIn, Form(&[("to", "")])),
    (
        "/api/start_impersonation",
        SignedIn,
        Form(&[("user_id", "1"), ("reason", "test")]),
    ),
    ("/api/stop_impersonation", SignedIn, Form(&[])),
    ("/api/import_companies", SignedIn, Form(&[])),
    (
        "/api/import_members",
        SignedIn,
        Form(&[
            ("company_id", "1"),
            ("csv", "email,name,role\n"),
            ("invite", "false"),
            ("commit", "false"),
        ]),
    ),
    ("/api/member_roles", SignedIn, Form(&[("user_id", "1")])),
    (
        "/api/check_access",
        SignedIn,
        Form(&[
            ("user_id", "1"),
            ("permission", "orders.approve"),
            ("own", "true"),
        ]),
    ),
    ("/api/department_companies", SignedIn, Form(&[])),
    (
        "/api/create_department",
        SignedIn,
        Form(&[("company_id", "999999"), ("name", "Nowhere")]),
    ),
    ("/api/assign_places", SignedIn, Form(&[])),
    (
        "/api/assign_role",
        SignedIn,
        Form(&[("user_id", "1"), ("grant", "1:customer")]),
    ),
    (
        "/api/remove_role",
        SignedIn,
        Form(&[("assignment_id", "1")]),
    ),
    ("/api/passkey_register_start", SignedIn, Form(&[])),
    (
        "/api/passkey_register_finish",
        SignedIn,
        Json(register_finish),
    ),
    ("/api/list_passkeys", SignedIn, Form(&[])),
    ("/api/remove_passkey", SignedIn, Form(&[("id", "1")])),
    (
        "/api/member_departments",
        SignedIn,
        Form(&[("user_id", "1")]),
    ),
    (
        "/api/place_in_department",
        SignedIn,
        Form(&[("user_id", "1"), ("department_id", "1"), ("member", "true")]),
    ),
    ("/api/list_companies", SignedIn, Form(&[])),
    (
        "/api/create_company",
        SignedIn,
        Form(&[
            ("company[name]", "Nowhere"),
            ("company[slug]", "nowhere"),
            ("company[kind]", "customer"),
            ("company[family]", "storefront"),
            ("company[data_region]", "eu"),
            ("company[dealer_id]", ""),
            ("company[admin_email]", "first@nowhere.test"),
            ("company[admin_name]", "First"),
        ]),
    ),
    (
        "/api/company_settings",
        SignedIn,
        Form(&[("company_id", "1")]),
    ),
    (
        "/api/save_company_settings",
        SignedIn,
        Form(&[
            ("company_id", "1"),
            ("name", "Renamed"),
            ("slug", "renamed"),
            ("family", "storefront"),
            ("approver_domains", ""),
        ]),
    ),
    ("/api/custom_roles", SignedIn, Form(&[("company_id", "1")])),
    ("/api/preview_custom_role", SignedIn, Json(custom_role)),
    ("/api/save_custom_role", SignedIn, Json(custom_role)),
    (
        "/api/delete_custom_role",
        SignedIn,
        Form(&[("company_id", "1"), ("role_id", "1")]),
    ),
    ("/api/groups", SignedIn, Form(&[("company_id", "1")])),
    (
        "/api/create_group",
        SignedIn,
        Form(&[("company_id", "1"), ("name", "Designers")]),
    ),
    (
        "/api/delete_group",
        SignedIn,
        Form(&[("company_id", "1"), ("group_id", "1")]),
    ),
    (
        "/api/group_member",
        SignedIn,
        Form(&[
            ("company_id", "1"),
            ("group_id", "1"),
            ("email", "ute@acme.test"),
            ("member", "true"),
        ]),
    ),
    (
        "/api/give_group_role",
        SignedIn,
        Form(&[
            ("company_id", "1"),
            ("group_id", "1"),
            ("grant", "1:customer"),
        ]),
    ),
    (
        "/api/take_group_role",
        SignedIn,
        Form(&[("company_id", "1"), ("group_role_id", "1")]),
    ),
    ("/api/second_factor_status", SigningIn, Form(&[])),
    (
        "/api/verify_second_factor",
        SigningIn,
        Form(&[("code", "123456")]),
    ),
    ("/api/totp_setup_start", SigningIn, Form(&[])),
    (
        "/api/totp_setup_finish",
        SigningIn,
        Form(&[("code", "123456")]),
    ),
    ("/api/my_second_factor", SignedIn, Form(&[])),
    ("/api/remove_totp", SignedIn, Form(&[])),
    ("/api/new_recovery_codes", SignedIn, Form(&[])),
    (
        "/api/member_second_factor",
        SignedIn,
        Form(&[("user_id", "1")]),
    ),
    (
        "/api/require_member_second_factor",
        SignedIn,
        Form(&[("user_id", "1"), ("required", "false")]),
    ),
    (
        "/api/reset_member_second_factor",
        SignedIn,
        Form(&[("user_id", "999999")]),
    ),
    ("/api/second_factor_rules", SignedIn, Form(&[])),
    (
        "/api/set_second_factor_rule",
        SignedIn,
        Form(&[("company_id", "999999"), ("required", "false")]),
    ),
];

async fn call(app: &TestApp, b: &reqwest::Client, path: &str, body: &Body) -> u16 {
    let req = app.post_as(b, path);
    let req = match body {
        Form(fields) => req.form(fields),
        Json(make) => req.json(&make()),
    };
    req.send().await.unwrap().status().as_u16()
}

#[test]
fn every_registered_server_function_has_an_entry_in_the_table() {
    // Registering happens when the app's router is built.
    let _ = imprimatur_app::App;
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    let listed: BTreeSet<String> = TABLE.iter().map(|(p, ..)| p.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "server functions with no authorization entry: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "entries for server functions that do not exist: {stale:?}"
    );
}

#[tokio::test]
async fn nobody_and_a_suspended_member_get_401_from_every_function_that_needs_a_member() {
    for backend in backends() {
        let app = spawn(backend).await;
        let anonymous = browser();
        let suspended = app.signed_in_browser("paul@acme.test").await;
        let paul = user::Entity::find()
            .filter(user::Column::Email.eq("paul@acme.test"))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let mut active: user::ActiveModel = paul.into();
        active.state = Set("suspended".into());
        active.update(app.db.writer()).await.unwrap();
        for (path, access, body) in TABLE {
            let as_nobody = call(&app, &anonymous, path, body).await;
            let as_suspended = call(&app, &suspended, path, body).await;
            match access {
                SignedIn | SigningIn => {
                    assert_eq!(as_nobody, 401, "{backend:?} {path} as nobody");
                    assert_eq!(
                        as_suspended, 401,
                        "{backend:?} {path} as a suspended member"
                    );
                }
                Open => {
                    assert!(as_nobody < 500, "{backend:?} {path}: {as_nobody}");
                    assert!(as_suspended < 500, "{backend:?} {path}: {as_suspended}");
                }
            }
        }
    }
}

/// Every demo account that can sign in, with its principal.
async fn demo_people(app: &TestApp) -> Vec<(String, Principal)> {
    let mut out = Vec::new();
    for (email, ..) in imprimatur_server::demo::accounts() {
        let u = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        let p = identity::load(&app.db, &u).await.unwrap().principal;
        let principal = Principal::User(p);
        let portal = authorize(
            &principal,
            Permission::PortalAccess,
            &Resource::new(ResourceKind::Portal),
        );
        if portal.is_allowed() {
            out.push((email.to_string(), principal));
        }
    }
    out
}

/// Any of these permissions over the member, the function, its form, and
/// its answer to those allowed.
type Probe<'a> = (&'a [Permission], &'a str, Vec<(&'a str, &'a str)>, u16);

#[tokio::test]
async fn acting_on_a_member_succeeds_exactly_for_those_core_allows() {
    for backend in backends() {
        let app = spawn(backend).await;
        let target = app.user_id("cus@acme.test").await;
        let seen = resources(&app.db.read, target).await.unwrap();
        let mut allowed_somewhere = 0;
        let all_companies: Vec<i64> = imprimatur_server::db::entities::company::Entity::find()
            .all(&app.db.read)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        for (email, me) in demo_people(&app).await {
            let b = browser();
            let res = app
                .post_as(&b, "/api/sign_in")
                .form(&[("email", email.as_str()), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            assert!(res.status().is_success(), "{email}");
            // Side-effect-free probes, each answered by the allowed with the
            // status in the table and by everyone else with 403:
            // reactivating an active member and "requiring" a second factor
            // not required change nothing (409); resending credentials only
            // mails a link; reading the second factor changes nothing.
            let id = target.to_string();
            let probes: [Probe; 4] = [
                (
                    &[Permission::UsersSuspend],
                    "/api/change_member_state",
                    vec![("user_id", &id), ("suspend", "false")],
                    409,
                ),
                (
                    &[Permission::UsersResendCredentials],
                    "/api/resend_credentials",
                    vec![("user_id", &id)],
                    200,
                ),
                (
                    &[Permission::UsersRequire2fa],
                    "/api/require_member_second_factor",
                    vec![("user_id", &id), ("required", "false")],
                    409,
                ),
                (
                    &[Permission::UsersRequire2fa, Permission::UsersReset2fa],
                    "/api/member_second_factor",
                    vec![("user_id", &id)],
                    200,
                ),
            ];
            for (permissions, path, form, when_allowed) in &probes {
                let allowed = permissions
                    .iter()
                    .any(|p| may_act_on_member(&me, *p, UserId(target), &seen).is_allowed());
                let status = app
                    .post_as(&b, path)
                    .form(form)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16();
                assert_eq!(
                    status,
                    if allowed { *when_allowed } else { 403 },
                    "{backend:?} {email} {path}"
                );
                allowed_somewhere += usize::from(allowed);
            }

            // The audit trail: no row from a company the viewer may not see.
            let res = app
                .post_as(&b, "/api/list_audit")
                .form(&[
                    ("query[action]", ""),
                    ("query[outcome]", ""),
                    ("query[email]", ""),
                    ("query[limit]", "1000"),
                ])
                .send()
                .await
                .unwrap();
            if res.status() == 200 {
                let rows: serde_json::Value = res.json().await.unwrap();
                for row in rows.as_array().unwrap() {
                    let mut r = Resource::new(ResourceKind::AuditLog);
                    r.company = row["company_id"].as_i64().map(CompanyId);
                    assert!(
                        authorize(&me, Permission::AuditView, &r).is_allowed(),
                        "{backend:?} {email} saw a foreign audit row {row}"
                    );
                }
            } else {
                assert_eq!(res.status(), 403, "{email}");
            }

            // The companies list: exactly the companies core lets the viewer
            // see (checked one by one here; the product filters in SQL).
            let res = app.post_as(&b, "/api/list_companies").send().await.unwrap();
            let may_see = |id: i64| {
                [Permission::CompanyView, Permission::TenantsViewStatus]
                    .into_iter()
                    .any(|p| {
                        authorize(
                            &me,
                            p,
                            &Resource::in_company(ResourceKind::Company, CompanyId(id)),
                        )
                        .is_allowed()
                    })
            };
            let expected: BTreeSet<i64> = all_companies
                .iter()
                .copied()
                .filter(|c| may_see(*c))
                .collect();
            if res.status() == 200 {
                let rows: serde_json::Value = res.json().await.unwrap();
                let listed: BTreeSet<i64> = rows
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_i64().unwrap())
                    .collect();
                assert_eq!(listed, expected, "{backend:?} {email} companies");
            } else {
                assert_eq!(res.status(), 403, "{backend:?} {email}");
                assert!(
                    expected.is_empty(),
                    "{backend:?} {email} was refused {expected:?}"
                );
            }

            // Second-factor rules: exactly the places core lets them set.
            let res = app
                .post_as(&b, "/api/second_factor_rules")
                .send()
                .await
                .unwrap();
            let expected: BTreeSet<Option<i64>> = std::iter::once(None)
                .chain(all_companies.iter().copied().map(Some))
                .filter(|c| may_set_second_factor_rule(&me, c.map(CompanyId)).is_allowed())
                .collect();
            if res.status() == 200 {
                let rows: serde_json::Value = res.json().await.unwrap();
                let listed: BTreeSet<Option<i64>> = rows
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["company_id"].as_i64())
                    .collect();
                assert_eq!(listed, expected, "{backend:?} {email} second-factor rules");
            } else {
                assert_eq!(res.status(), 403, "{backend:?} {email}");
                assert!(
                    expected.is_empty(),
                    "{backend:?} {email} was refused {expected:?}"
                );
            }

            // Acme's tenant settings (its Tenant Super Admin and the platform
            // only) and custom roles (whoever may build roles there).
            let acme = CompanyId(app.company_id("acme").await);
            let pages = [
                (
                    "/api/company_settings",
                    Permission::TenantSettingsEdit,
                    ResourceKind::TenantSettings,
                ),
                (
                    "/api/custom_roles",
                    Permission::CustomRolesManage,
                    ResourceKind::CustomRole,
                ),
                ("/api/groups", Permission::GroupsManage, ResourceKind::Group),
            ];
            for (path, permission, kind) in pages {
                let may =
                    authorize(&me, permission, &Resource::in_company(kind, acme)).is_allowed();
                let status = app.status_of(&b, path, &[("company_id", acme.0)]).await;
                assert_eq!(
                    status,
                    if may { 200 } else { 403 },
                    "{backend:?} {email} {path}"
                );
            }
        }
        assert!(
            allowed_somewhere >= 4,
            "the matrix must include allowed cases"
        );
    }
}
