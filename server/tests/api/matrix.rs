//! The authorization matrix: every server function that needs a member is
//! called as every demo account (every role family, several companies) and
//! its answer compared with what `core` decides for that account. Denied:
//! 403 (or 404 where the target is hidden); allowed: never 401 or 403.
//! Zero unexpected successes. Probes are built so that an allowed call
//! stops at validation or at a missing target and changes nothing that a
//! later probe depends on. Nobody and a suspended member get 401 from every
//! function that needs a member. A new server function without a gate here
//! fails the first test. On SQLite and PostgreSQL.

use std::collections::BTreeSet;

use crate::common::{TestApp, backends, browser, spawn};
use imprimatur_core::{
    CompanyId, Filter, MemberView, Permission, Principal, Resource, ResourceKind, UserId,
    authorize, may_act_on_member, may_set_second_factor_rule, visibility,
};
use imprimatur_server::accounts::members;
use imprimatur_server::db::entities::user;

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use Permission as P;
use ResourceKind as K;

/// What `core` must allow for a call to get past authorization.
pub(crate) enum Gate {
    /// Open to anyone: never a 500.
    Open,
    /// The second step of a sign-in (set-up also serves a signed-in member):
    /// nobody without a session; never a 500.
    SecondStep,
    /// Any signed-in account (core decides on the target, which the probe
    /// leaves missing).
    SignedIn,
    /// The caller's own account.
    Own(Permission),
    /// Somewhere, on resources of this kind (a list filtered by visibility).
    Anywhere(&'static [(Permission, ResourceKind)]),
    /// On the resource of this kind with no company (the platform, the mailbox).
    Platform(Permission, ResourceKind),
    /// In Acme, on resources of this kind.
    InAcme(Permission, ResourceKind),
    /// In Acme or one of its departments the caller holds a role in or
    /// belongs to, on resources of this kind.
    SomewhereInAcme(Permission, ResourceKind),
    /// On Acme's customer Cus, through any of the permissions.
    OnMember(&'static [Permission]),
    /// Seeing Cus (themselves included when `self_too`).
    SeesMember { self_too: bool },
    /// Checking access on Cus.
    ChecksMember,
    /// Setting Acme's second-factor rule.
    SecondFactorRule,
}

use Gate::*;

pub(crate) enum Probe {
    Form(&'static [(&'static str, &'static str)]),
    Json(fn(&World) -> serde_json::Value),
}

fn register_finish(_: &World) -> serde_json::Value {
    serde_json::json!({
        "ceremony": "0".repeat(64), "name": "x",
        "credential": { "id": "AAAA", "rawId": "AAAA",
            "response": { "attestationObject": "AAAA", "clientDataJSON": "AAAA" },
            "extensions": {}, "type": "public-key" }
    })
}

fn checkout_probe(_: &World) -> serde_json::Value {
    serde_json::json!({ "cart": {
        "slug": "shoply",
        "lines": [{ "product_id": 999999, "quantity": 1, "title": "Probe" }],
        "idempotency_key": "probe-checkout-key",
    }})
}

fn sign_in_finish(_: &World) -> serde_json::Value {
    serde_json::json!({
        "ceremony": "0".repeat(64),
        "credential": { "id": "AAAA", "rawId": "AAAA",
            "response": { "authenticatorData": "AAAA", "clientDataJSON": "AAAA", "signature": "AAAA", "userHandle": null },
            "extensions": {}, "type": "public-key" }
    })
}

fn accept_with_passkey(w: &World) -> serde_json::Value {
    let mut v = register_finish(w);
    v["token"] = TOKEN.into();
    v
}

/// A nameless role: refused at validation, after authorization.
fn nameless_role(w: &World) -> serde_json::Value {
    serde_json::json!({
        "company_id": w.acme.0,
        "role": { "name": "", "family": "tenant", "grants": ["users.view@8"] }
    })
}

fn no_such_department(_: &World) -> serde_json::Value {
    serde_json::json!({ "department_id": 999_999, "limit": ["Stationery"] })
}

/// Well formed, and matching nothing.
const TOKEN: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every server function, its gate and a probe. `{acme}` and `{cus}` are
/// replaced by Acme's and Cus's ids; 999999 names nothing.
pub(crate) const GATES: &[(&str, Gate, Probe)] = &[
    ("/api/current_user", Open, Probe::Form(&[])),
    (
        "/api/sign_in",
        Open,
        Probe::Form(&[("email", "nobody@acme.test"), ("password", "x")]),
    ),
    (
        "/api/request_password_reset",
        Open,
        Probe::Form(&[("email", "nobody@acme.test")]),
    ),
    (
        "/api/reset_password",
        Open,
        Probe::Form(&[("token", TOKEN), ("password", "a long new passphrase")]),
    ),
    (
        "/api/preview_invitation",
        Open,
        Probe::Form(&[("token", TOKEN)]),
    ),
    (
        "/api/accept_invitation",
        Open,
        Probe::Form(&[
            ("token", TOKEN),
            ("name", "X"),
            ("password", "a long new passphrase"),
        ]),
    ),
    (
        "/api/invitation_passkey_start",
        Open,
        Probe::Form(&[("token", TOKEN)]),
    ),
    (
        "/api/accept_invitation_with_passkey",
        Open,
        Probe::Json(accept_with_passkey),
    ),
    ("/api/passkey_sign_in_start", Open, Probe::Form(&[])),
    (
        "/api/passkey_sign_in_finish",
        Open,
        Probe::Json(sign_in_finish),
    ),
    ("/api/second_factor_status", SecondStep, Probe::Form(&[])),
    (
        "/api/verify_second_factor",
        SecondStep,
        Probe::Form(&[("code", "000000")]),
    ),
    ("/api/totp_setup_start", SecondStep, Probe::Form(&[])),
    (
        "/api/totp_setup_finish",
        SecondStep,
        Probe::Form(&[("code", "000000")]),
    ),
    (
        "/api/my_sessions",
        Own(P::SessionsManageOwn),
        Probe::Form(&[]),
    ),
    (
        "/api/my_impersonations",
        Own(P::SessionsManageOwn),
        Probe::Form(&[]),
    ),
    (
        "/api/list_passkeys",
        Own(P::SessionsManageOwn),
        Probe::Form(&[]),
    ),
    (
        "/api/my_second_factor",
        Own(P::SessionsManageOwn),
        Probe::Form(&[]),
    ),
    (
        "/api/passkey_register_start",
        Own(P::ProfileEditOwn),
        Probe::Form(&[]),
    ),
    (
        "/api/passkey_register_finish",
        Own(P::ProfileEditOwn),
        Probe::Json(register_finish),
    ),
    (
        "/api/remove_passkey",
        Own(P::ProfileEditOwn),
        Probe::Form(&[("id", "999999")]),
    ),
    ("/api/remove_totp", Own(P::ProfileEditOwn), Probe::Form(&[])),
    // A wrong password: 422, counted once for each account.
    (
        "/api/confirm_password",
        Own(P::ProfileEditOwn),
        Probe::Form(&[("password", "not the password")]),
    ),
    (
        "/api/new_recovery_codes",
        Own(P::ProfileEditOwn),
        Probe::Form(&[]),
    ),
    // Not impersonating: a 409 for anyone signed in.
    (
        "/api/stop_impersonation",
        Own(P::SessionsManageOwn),
        Probe::Form(&[]),
    ),
    (
        "/api/list_members",
        Anywhere(&[(P::UsersView, K::User)]),
        Probe::Form(&[("search", "")]),
    ),
    ("/api/invite_places", Anywhere(INVITE), Probe::Form(&[])),
    ("/api/list_invitations", Anywhere(INVITE), Probe::Form(&[])),
    (
        "/api/manage_invitation",
        Anywhere(INVITE),
        Probe::Form(&[("id", "999999"), ("cancel", "false")]),
    ),
    (
        "/api/invite_member",
        Anywhere(INVITE),
        Probe::Form(&[
            ("email", "x"),
            ("name", "New"),
            ("grant", "{acme}:customer"),
        ]),
    ),
    (
        "/api/list_audit",
        Anywhere(&[(P::AuditView, K::AuditLog)]),
        Probe::Form(&[
            ("query[action]", ""),
            ("query[outcome]", ""),
            ("query[email]", ""),
            ("query[limit]", "1"),
        ]),
    ),
    (
        "/api/start_impersonation",
        Anywhere(&[(P::Impersonate, K::User)]),
        Probe::Form(&[("user_id", "{cus}"), ("reason", "")]),
    ),
    (
        "/api/import_companies",
        Anywhere(&[(P::UsersCreate, K::User)]),
        Probe::Form(&[]),
    ),
    (
        "/api/import_members",
        // Authorized for the company before anything of it is read.
        SomewhereInAcme(P::UsersCreate, K::User),
        Probe::Form(&[
            ("company_id", "{acme}"),
            ("csv", "x"),
            ("invite", "false"),
            ("commit", "false"),
        ]),
    ),
    (
        "/api/department_companies",
        Anywhere(&[(P::DepartmentsCreate, K::Department)]),
        Probe::Form(&[]),
    ),
    (
        "/api/assign_places",
        Anywhere(&[
            (P::RolesAssign, K::Membership),
            (P::AdministratorsManage, K::Platform),
        ]),
        Probe::Form(&[]),
    ),
    (
        "/api/assign_role",
        Anywhere(&[(P::RolesAssign, K::Membership)]),
        Probe::Form(&[("user_id", "{cus}"), ("grant", "{acme}:nothing")]),
    ),
    (
        "/api/remove_role",
        Anywhere(&[(P::RolesAssign, K::Membership)]),
        Probe::Form(&[("assignment_id", "999999")]),
    ),
    (
        "/api/place_in_department",
        Anywhere(&[(P::UsersPlaceInDepartments, K::User)]),
        Probe::Form(&[
            ("user_id", "{cus}"),
            ("department_id", "999999"),
            ("member", "true"),
        ]),
    ),
    (
        "/api/list_companies",
        Anywhere(&[
            (P::CompanyView, K::Company),
            (P::TenantsViewStatus, K::Company),
        ]),
        Probe::Form(&[]),
    ),
    (
        "/api/reset_member_second_factor",
        Anywhere(&[(P::UsersReset2fa, K::User)]),
        Probe::Form(&[("user_id", "999999")]),
    ),
    (
        "/api/second_factor_rules",
        Anywhere(&[
            (P::Security2faSso, K::Company),
            (P::SystemSettings, K::Platform),
        ]),
        Probe::Form(&[]),
    ),
    (
        "/api/catalog",
        Anywhere(&[(P::ProductsView, K::Product)]),
        Probe::Form(&[]),
    ),
    ("/api/storefront", Open, Probe::Form(&[("slug", "shoply")])),
    (
        "/api/shop_sign_up",
        Open,
        Probe::Form(&[
            ("slug", "no-such-shop"),
            ("name", "Probe"),
            ("email", "probe@example.test"),
            ("password", "a long enough password"),
        ]),
    ),
    (
        "/api/finish_shop_sign_up",
        Open,
        Probe::Form(&[
            ("slug", "no-such-shop"),
            (
                "token",
                "0000000000000000000000000000000000000000000000000000000000000000",
            ),
            ("password", "a long enough password"),
        ]),
    ),
    (
        "/api/join_shop",
        SignedIn,
        Probe::Form(&[("slug", "no-such-shop")]),
    ),
    (
        "/api/checkout",
        Anywhere(&[(P::OrdersCreate, K::Order)]),
        Probe::Json(checkout_probe),
    ),
    (
        "/api/edit_order",
        Anywhere(&[(P::OrdersEditContent, K::Order)]),
        Probe::Form(&[
            ("order_id", "999999"),
            ("title", "Probe"),
            ("quantity", "1"),
        ]),
    ),
    (
        "/api/change_job_status",
        Anywhere(&[(P::OrdersHold, K::Order)]),
        Probe::Form(&[("order_id", "999999"), ("change", "hold")]),
    ),
    (
        "/api/list_managed_products",
        Anywhere(&[(P::ProductsManage, K::Product)]),
        Probe::Form(&[]),
    ),
    (
        "/api/save_product",
        Anywhere(&[(P::ProductsManage, K::Product)]),
        Probe::Form(&[
            ("product[id]", "999999"),
            ("product[built_for]", "999999"),
            ("product[name]", "Probe"),
            ("product[publication_type]", "Probe"),
            ("product[price]", "1"),
        ]),
    ),
    (
        "/api/list_publication_types",
        Anywhere(&[(P::DepartmentsAssignPublicationTypes, K::Department)]),
        Probe::Form(&[]),
    ),
    (
        "/api/assign_publication_types",
        Anywhere(&[(P::DepartmentsAssignPublicationTypes, K::Department)]),
        Probe::Json(no_such_department),
    ),
    (
        "/api/list_work_orders",
        Anywhere(&[(P::WorkOrdersView, K::WorkOrder)]),
        Probe::Form(&[("archived", "false")]),
    ),
    (
        "/api/change_work_order",
        Anywhere(&[(P::WorkOrdersCancel, K::WorkOrder)]),
        Probe::Form(&[("work_order_id", "999999"), ("change", "cancel")]),
    ),
    (
        "/api/printer_floor",
        Anywhere(&[(P::PrinterAppCalibrateQa, K::PrinterApp)]),
        Probe::Form(&[]),
    ),
    (
        "/api/record_quality_check",
        Anywhere(&[(P::PrinterAppCalibrateQa, K::PrinterApp)]),
        Probe::Form(&[
            ("work_order_id", "999999"),
            ("equipment_id", "999999"),
            ("scanned", "10"),
            ("verified", "10"),
        ]),
    ),
    (
        "/api/list_equipment",
        Anywhere(&[(P::EquipmentView, K::Equipment)]),
        Probe::Form(&[("archived", "false")]),
    ),
    (
        "/api/save_equipment",
        Anywhere(&[(P::EquipmentManage, K::Equipment)]),
        Probe::Form(&[
            ("equipment_id", "999999"),
            ("company_id", "{acme}"),
            ("name", "Probe"),
        ]),
    ),
    (
        "/api/archive_equipment",
        Anywhere(&[(P::EquipmentManage, K::Equipment)]),
        Probe::Form(&[("equipment_id", "999999")]),
    ),
    (
        "/api/calibrate_equipment",
        Anywhere(&[
            (P::EquipmentManage, K::Equipment),
            (P::PrinterAppCalibrateQa, K::PrinterApp),
        ]),
        Probe::Form(&[("equipment_id", "999999"), ("score", "90")]),
    ),
    (
        "/api/list_partnerships",
        Anywhere(&[(P::PartnershipsManage, K::Partnership)]),
        Probe::Form(&[]),
    ),
    // Acme is no print partner: allowed only where core allows
    // partnerships in Acme, then refused as input (422).
    (
        "/api/change_partnership",
        InAcme(P::PartnershipsManage, K::Partnership),
        Probe::Form(&[("partner_id", "{acme}"), ("customer", "x"), ("add", "true")]),
    ),
    (
        "/api/replenish_stock",
        Anywhere(&[(P::StockReplenish, K::Order)]),
        Probe::Form(&[
            ("product_id", "999999"),
            ("quantity", "1"),
            ("idempotency_key", ""),
        ]),
    ),
    (
        "/api/request_quote",
        Anywhere(&[(P::QuotesRequest, K::Quote)]),
        Probe::Form(&[
            ("quote[product_id]", "999999"),
            ("quote[quantity]", "1"),
            ("quote[title]", "Probe"),
            ("quote[note]", ""),
        ]),
    ),
    (
        "/api/list_quotes",
        Anywhere(&[(P::QuotesView, K::Quote)]),
        Probe::Form(&[("manage", "false"), ("state", "")]),
    ),
    (
        "/api/answer_quote",
        Anywhere(&[(P::QuotesManage, K::Quote)]),
        Probe::Form(&[("quote_id", "999999"), ("price", "10"), ("note", "")]),
    ),
    (
        "/api/accept_quote",
        Anywhere(&[(P::QuotesRequest, K::Quote)]),
        Probe::Form(&[("quote_id", "999999"), ("idempotency_key", "")]),
    ),
    (
        "/api/decline_quote",
        Anywhere(&[(P::QuotesRequest, K::Quote)]),
        Probe::Form(&[("quote_id", "999999")]),
    ),
    (
        "/api/list_addresses",
        Anywhere(&[
            (P::CompanyAddressesView, K::CompanyAddress),
            (P::PersonalAddressesView, K::PersonalAddress),
        ]),
        Probe::Form(&[]),
    ),
    (
        "/api/save_address",
        Anywhere(&[
            (P::CompanyAddressesManage, K::CompanyAddress),
            (P::PersonalAddressesCreate, K::PersonalAddress),
            (P::PersonalAddressesEdit, K::PersonalAddress),
        ]),
        Probe::Form(&[
            ("address[id]", "0"),
            ("address[personal]", "false"),
            ("address[company_id]", "999999"),
            ("address[department_id]", ""),
            ("address[name]", "Probe"),
            ("address[street]", "1 Probe Street"),
            ("address[postcode]", "1000"),
            ("address[city]", "Probe"),
            ("address[country]", "Probe"),
        ]),
    ),
    (
        "/api/delete_address",
        Anywhere(&[
            (P::CompanyAddressesManage, K::CompanyAddress),
            (P::PersonalAddressesDelete, K::PersonalAddress),
        ]),
        Probe::Form(&[("address_id", "999999")]),
    ),
    (
        "/api/list_orders",
        Anywhere(&[(P::OrdersView, K::Order)]),
        Probe::Form(&[
            ("query[text]", ""),
            ("query[state]", ""),
            ("query[from]", ""),
            ("query[to]", ""),
        ]),
    ),
    (
        "/api/approval_inbox",
        Anywhere(&[(P::OrdersApprove, K::Order)]),
        Probe::Form(&[]),
    ),
    (
        "/api/place_order",
        Anywhere(&[(P::OrdersCreate, K::Order)]),
        Probe::Form(&[
            ("order[product_id]", "999999"),
            ("order[quantity]", "1"),
            ("order[title]", "Probe"),
            ("order[approvers]", ""),
            ("order[idempotency_key]", ""),
        ]),
    ),
    (
        "/api/reorder",
        Anywhere(&[(P::OrdersReorder, K::Order)]),
        Probe::Form(&[("order_id", "999999"), ("idempotency_key", "")]),
    ),
    (
        "/api/decide_order",
        Anywhere(&[(P::OrdersApprove, K::Order)]),
        Probe::Form(&[("order_id", "999999"), ("approve", "true"), ("comment", "")]),
    ),
    ("/api/approval_link", Open, Probe::Form(&[("token", TOKEN)])),
    (
        "/api/decide_by_link",
        Open,
        Probe::Form(&[("token", TOKEN), ("approve", "true"), ("comment", "")]),
    ),
    (
        "/api/list_mail",
        Platform(P::MailboxView, K::Mailbox),
        Probe::Form(&[("to", "")]),
    ),
    (
        "/api/create_company",
        Platform(P::CompaniesCreate, K::Platform),
        Probe::Form(&[
            ("company[name]", "Nowhere"),
            ("company[slug]", "Not A Slug"),
            ("company[kind]", "customer"),
            ("company[family]", "storefront"),
            ("company[data_region]", "eu"),
            ("company[dealer_id]", ""),
            ("company[admin_email]", "first@nowhere.test"),
            ("company[admin_name]", "First"),
        ]),
    ),
    (
        "/api/create_department",
        InAcme(P::DepartmentsCreate, K::Department),
        Probe::Form(&[("company_id", "{acme}"), ("name", "")]),
    ),
    (
        "/api/company_settings",
        InAcme(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[("company_id", "{acme}")]),
    ),
    (
        "/api/save_company_settings",
        InAcme(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[
            ("company_id", "{acme}"),
            ("name", "Acme Print Buyers"),
            ("slug", "acme"),
            ("family", "storefront"),
            ("approver_domains", "not a domain"),
        ]),
    ),
    (
        "/api/partnership_requests",
        InAcme(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[("company_id", "{acme}")]),
    ),
    // No such request: allowed callers get 404, and nothing changes.
    (
        "/api/answer_partnership",
        InAcme(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[
            ("company_id", "{acme}"),
            ("request_id", "999999"),
            ("accept", "true"),
        ]),
    ),
    (
        "/api/custom_roles",
        InAcme(P::CustomRolesManage, K::CustomRole),
        Probe::Form(&[("company_id", "{acme}")]),
    ),
    (
        "/api/preview_custom_role",
        InAcme(P::CustomRolesManage, K::CustomRole),
        Probe::Json(nameless_role),
    ),
    (
        "/api/save_custom_role",
        InAcme(P::CustomRolesManage, K::CustomRole),
        Probe::Json(nameless_role),
    ),
    (
        "/api/delete_custom_role",
        InAcme(P::CustomRolesManage, K::CustomRole),
        Probe::Form(&[("company_id", "{acme}"), ("role_id", "999999")]),
    ),
    (
        "/api/groups",
        InAcme(P::GroupsManage, K::Group),
        Probe::Form(&[("company_id", "{acme}")]),
    ),
    (
        "/api/create_group",
        InAcme(P::GroupsManage, K::Group),
        Probe::Form(&[("company_id", "{acme}"), ("name", "")]),
    ),
    (
        "/api/delete_group",
        InAcme(P::GroupsManage, K::Group),
        Probe::Form(&[("company_id", "{acme}"), ("group_id", "999999")]),
    ),
    (
        "/api/group_member",
        InAcme(P::GroupsManage, K::Group),
        Probe::Form(&[
            ("company_id", "{acme}"),
            ("group_id", "999999"),
            ("email", "x"),
            ("member", "true"),
        ]),
    ),
    (
        "/api/give_group_role",
        InAcme(P::GroupsManage, K::Group),
        Probe::Form(&[
            ("company_id", "{acme}"),
            ("group_id", "999999"),
            ("grant", "x"),
        ]),
    ),
    (
        "/api/take_group_role",
        InAcme(P::GroupsManage, K::Group),
        Probe::Form(&[("company_id", "{acme}"), ("group_role_id", "999999")]),
    ),
    (
        "/api/projects",
        InAcme(P::ProjectsCreateDelete, K::Project),
        Probe::Form(&[("company_id", "{acme}")]),
    ),
    (
        "/api/create_project",
        InAcme(P::ProjectsCreateDelete, K::Project),
        Probe::Form(&[("company_id", "{acme}"), ("name", "")]),
    ),
    (
        "/api/delete_project",
        InAcme(P::ProjectsCreateDelete, K::Project),
        Probe::Form(&[("company_id", "{acme}"), ("project_id", "999999")]),
    ),
    // Cus is active: reactivating is a 409 for whoever may.
    (
        "/api/change_member_state",
        OnMember(&[P::UsersSuspend]),
        Probe::Form(&[("user_id", "{cus}"), ("suspend", "false")]),
    ),
    (
        "/api/resend_credentials",
        OnMember(&[P::UsersResendCredentials]),
        Probe::Form(&[("user_id", "{cus}")]),
    ),
    (
        "/api/member_second_factor",
        OnMember(&[P::UsersRequire2fa, P::UsersReset2fa]),
        Probe::Form(&[("user_id", "{cus}")]),
    ),
    (
        "/api/require_member_second_factor",
        OnMember(&[P::UsersRequire2fa]),
        Probe::Form(&[("user_id", "{cus}"), ("required", "false")]),
    ),
    (
        "/api/member_roles",
        SeesMember { self_too: true },
        Probe::Form(&[("user_id", "{cus}")]),
    ),
    (
        "/api/member_group_roles",
        SeesMember { self_too: true },
        Probe::Form(&[("user_id", "{cus}")]),
    ),
    (
        "/api/member_departments",
        SeesMember { self_too: false },
        Probe::Form(&[("user_id", "{cus}")]),
    ),
    (
        "/api/check_access",
        ChecksMember,
        Probe::Form(&[
            ("user_id", "{cus}"),
            ("permission", "orders.approve"),
            ("own", "true"),
        ]),
    ),
    (
        "/api/set_second_factor_rule",
        SecondFactorRule,
        Probe::Form(&[("company_id", "{acme}"), ("required", "false")]),
    ),
    // Last for each account: they end the account's own sessions.
    (
        "/api/sign_out_everywhere",
        Own(P::SessionsManageOwn),
        Probe::Form(&[]),
    ),
    ("/api/sign_out", Open, Probe::Form(&[])),
];

const INVITE: &[(Permission, ResourceKind)] = &[
    (P::UsersInvite, K::Membership),
    (P::TenantAdminsInvite, K::Membership),
];

#[test]
fn every_registered_server_function_has_a_gate() {
    let _ = imprimatur_app::App;
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    let gated: BTreeSet<String> = GATES.iter().map(|(p, ..)| p.to_string()).collect();
    let missing: Vec<_> = registered.difference(&gated).collect();
    let stale: Vec<_> = gated.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "server functions with no gate: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "gates for server functions that do not exist: {stale:?}"
    );
}

/// What `core` says about `me` and a gate.
pub(crate) struct World {
    pub(crate) acme: CompanyId,
    pub(crate) cus: UserId,
    cus_seen: Vec<Resource>,
    cus_view: MemberView,
}

impl World {
    fn allows(&self, me: &Principal, my_id: UserId, gate: &Gate) -> bool {
        let anywhere = |p: Permission, k: ResourceKind| visibility(me, p, k) != Filter::None;
        match gate {
            Open | SecondStep | SignedIn => true,
            Own(p) => authorize(me, *p, &Resource::new(K::Account).with_owner(my_id)).is_allowed(),
            Anywhere(any) => any.iter().any(|(p, k)| anywhere(*p, *k)),
            Platform(p, k) => authorize(me, *p, &Resource::new(*k)).is_allowed(),
            InAcme(p, k) => authorize(me, *p, &Resource::in_company(*k, self.acme)).is_allowed(),
            SomewhereInAcme(p, k) => {
                let Principal::User(u) = me else {
                    return false;
                };
                let held = u.assignments.iter().filter_map(|a| match a.scope {
                    imprimatur_core::Scope::Department(c, d) if c == self.acme => Some(d),
                    _ => None,
                });
                let company = Resource::in_company(*k, self.acme);
                std::iter::once(None)
                    .chain(held.chain(u.departments.iter().copied()).map(Some))
                    .any(|d| {
                        let mut r = company.clone();
                        r.department = d;
                        authorize(me, *p, &r).is_allowed()
                    })
            }
            OnMember(any) => any.iter().any(|p| {
                anywhere(*p, p.resource_kind())
                    && may_act_on_member(me, *p, &self.cus_view).is_allowed()
            }),
            SeesMember { self_too } => {
                (*self_too && my_id == self.cus)
                    || (anywhere(P::UsersView, K::User)
                        && self
                            .cus_seen
                            .iter()
                            .any(|r| authorize(me, P::UsersView, r).is_allowed()))
            }
            ChecksMember => {
                anywhere(P::AccessCheck, K::Membership)
                    && self.cus_seen.iter().any(|r| {
                        let mut membership = r.clone();
                        membership.kind = K::Membership;
                        authorize(me, P::AccessCheck, &membership).is_allowed()
                    })
            }
            SecondFactorRule => may_set_second_factor_rule(me, Some(self.acme)).is_allowed(),
        }
    }

    pub(crate) fn fill(&self, s: &str) -> String {
        s.replace("{acme}", &self.acme.0.to_string())
            .replace("{cus}", &self.cus.0.to_string())
    }
}

/// The demo's Acme and Cus, as `core` sees them.
pub(crate) async fn world(app: &TestApp) -> World {
    let cus = app.user_id("cus@acme.test").await;
    World {
        acme: CompanyId(app.company_id("acme").await),
        cus: UserId(cus),
        cus_seen: members::resources(&app.db.read, cus).await.unwrap(),
        cus_view: members::views_of_many(&app.db.read, &[cus])
            .await
            .unwrap()
            .remove(&cus)
            .unwrap(),
    }
}

async fn call(app: &TestApp, w: &World, b: &reqwest::Client, path: &str, probe: &Probe) -> u16 {
    let req = app.post_as(b, path);
    let req = match probe {
        Probe::Form(fields) => {
            let filled: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, w.fill(v))).collect();
            req.form(&filled)
        }
        Probe::Json(make) => req.json(&make(w)),
    };
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn nobody_and_a_suspended_member_get_401_from_every_function_that_needs_a_member() {
    for backend in backends() {
        let app = spawn(backend).await;
        let cus = app.user_id("cus@acme.test").await;
        let world = World {
            acme: CompanyId(app.company_id("acme").await),
            cus: UserId(cus),
            cus_seen: Vec::new(),
            cus_view: MemberView::new(UserId(cus), Vec::new(), Vec::new()),
        };
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
        for (path, gate, probe) in GATES {
            let as_nobody = call(&app, &world, &anonymous, path, probe).await;
            let as_suspended = call(&app, &world, &suspended, path, probe).await;
            if matches!(gate, Open) {
                assert!(as_nobody < 500, "{backend:?} {path}: {as_nobody}");
                assert!(as_suspended < 500, "{backend:?} {path}: {as_suspended}");
            } else {
                assert_eq!(as_nobody, 401, "{backend:?} {path} as nobody");
                assert_eq!(
                    as_suspended, 401,
                    "{backend:?} {path} as a suspended member"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_function_answers_every_demo_account_as_core_decides() {
    for backend in backends() {
        let app = spawn(backend).await;
        let world = world(&app).await;
        let (mut allowed, mut denied) = (0, 0);
        for (email, me) in app.demo_people().await {
            let Principal::User(person) = &me else {
                continue;
            };
            let my_id = person.id;
            let b = app.signed_in_browser(&email).await;
            for (path, gate, probe) in GATES {
                let status = call(&app, &world, &b, path, probe).await;
                assert!(status < 500, "{backend:?} {email} {path}: {status}");
                if matches!(gate, Open | SecondStep) {
                    continue;
                }
                if world.allows(&me, my_id, gate) {
                    allowed += 1;
                    assert!(
                        status != 401 && status != 403,
                        "{backend:?} {email} {path}: core allows, the server answered {status}"
                    );
                } else {
                    denied += 1;
                    assert!(
                        status == 403 || status == 404,
                        "{backend:?} {email} {path}: core denies, the server answered {status}"
                    );
                }
            }
        }
        println!("{backend:?}: {allowed} calls allowed and {denied} refused, each as core decided");
        assert!(
            allowed > 100 && denied > 100,
            "{backend:?}: {allowed} allowed, {denied} denied"
        );
    }
}
