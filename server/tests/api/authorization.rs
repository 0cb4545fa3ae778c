//! Acting on members, listing companies and second-factor rules, and the
//! tenant pages, as every demo account, with side-effect-free probes whose
//! answers (and listed rows) are compared with what `core` expects; a
//! refused probe leaves the whole database as it was. The
//! matrix over every server function is in matrix.rs. On SQLite and
//! PostgreSQL.

use std::collections::BTreeSet;

use crate::common::{PASSWORD, backends, browser, spawn};
use crate::snapshot::schema;
use imprimatur_core::{
    CompanyId, Permission, Resource, ResourceKind, authorize, may_act_on_member,
    may_set_second_factor_rule,
};
use imprimatur_server::accounts::members::views_of_many;
use sea_orm::EntityTrait;

/// Any of these permissions over the member, the function, its form, and
/// its answer to those allowed.
type Probe<'a> = (&'a [Permission], &'a str, Vec<(&'a str, &'a str)>, u16);

#[tokio::test]
async fn acting_on_a_member_succeeds_exactly_for_those_core_allows() {
    for backend in backends() {
        let app = spawn(backend).await;
        let target = app.user_id("cus@acme.test").await;
        let seen = views_of_many(&app.db.read, &[target])
            .await
            .unwrap()
            .remove(&target)
            .unwrap();
        let mut allowed_somewhere = 0;
        let tables = schema(&app).await;
        let all_companies: Vec<i64> = imprimatur_server::db::entities::company::Entity::find()
            .all(&app.db.read)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        for (email, me) in app.demo_people().await {
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
                    .any(|p| may_act_on_member(&me, *p, &seen).is_allowed());
                // A refused call writes nothing (its audit record aside).
                let before = if allowed {
                    None
                } else {
                    Some(tables.snapshot(&app).await)
                };
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
                if let Some(before) = before {
                    tables.snapshot(&app).await.assert_unchanged_since(
                        &before,
                        &format!("{backend:?} {email} {path}, refused,"),
                    );
                }
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
