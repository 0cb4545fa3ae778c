//! The authorization matrix: every server function that needs a member is
//! called as every demo account (every role family, several companies) and
//! its answer compared with what `core` decides for that account, on real
//! rows of a company other than the account's own (Globex's for those who
//! hold a role in Acme, Acme's for everyone else; the print partner's for
//! work orders and equipment). Where core refuses a row the caller can see,
//! or refuses the call before any row is read, the answer is exactly 403;
//! 404 only where the design hides a row the caller may not even see (see
//! `Rows::sees`) or where a company-wide gate let the call through to a row
//! of yet another company. Allowed: never 401 or 403. A refused call writes
//! nothing: the whole database is compared before and after it (see
//! snapshot.rs). Probes are built so that an allowed call stops at
//! validation or at a state that forbids the change; the few that cannot
//! are undone (`undo`). Nobody and a suspended member get 401 from every
//! function that needs a member. A new server function without a gate
//! here fails the first test. On SQLite and PostgreSQL.

use std::cell::Cell;
use std::collections::BTreeSet;

use crate::common::{TestApp, backends, browser, spawn};
use crate::snapshot::{Snapshot, schema};
use imprimatur_core::{
    ChapterId, CompanyId, DepartmentId, Filter, MemberView, Permission, Principal, ProjectId,
    Resource, ResourceKind, UserId, authorize, may_act_on_member, may_set_second_factor_rule,
    visibility,
};
use imprimatur_server::accounts::members;
use imprimatur_server::db::entities::{
    address, chapter, chapter_comment, custom_role, department, equipment, group_role, invitation,
    member_group, order, partnership_request, passkey, product, project, quote, role_assignment,
    user, work_order,
};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, NotSet, QueryFilter, Set,
};

use Permission as P;
use ResourceKind as K;
use Subject as S;

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
    /// The caller's own account, on a row of another member's: allowed
    /// callers get 404 (nothing of anyone else's is touched or revealed).
    OwnNotTheirs(Permission),
    /// Somewhere, on resources of this kind (a list filtered by visibility).
    Anywhere(&'static [(Permission, ResourceKind)]),
    /// As `Anywhere`, then core decides on a real row with questions of its
    /// own (assigning roles): 403 or past it, never 404.
    AnywhereThenRow(&'static [(Permission, ResourceKind)]),
    /// On the resource of this kind with no company (the platform, the mailbox).
    Platform(Permission, ResourceKind),
    /// In the target company, on resources of this kind. Rows named with it
    /// belong to yet another company: an allowed call meets 404 there.
    InCompany(Permission, ResourceKind),
    /// In the target company or one of its departments the caller holds a
    /// role in or belongs to, on resources of this kind.
    SomewhereInCompany(Permission, ResourceKind),
    /// On the target member, through any of the permissions.
    OnMember(&'static [Permission]),
    /// Seeing the target member (themselves included when `self_too`).
    SeesMember { self_too: bool },
    /// Placing the target member in a department of another company: 403
    /// without the permission (or without seeing members at all), else 404
    /// (the member is hidden, or the department is not one of theirs).
    PlacesMember,
    /// Checking access on the target member.
    ChecksMember,
    /// Setting the target company's second-factor rule.
    SecondFactorRule,
    /// On one real row.
    Row(&'static Rows),
}

/// What core is asked about one row, in the server's order.
pub(crate) struct Rows {
    /// Asked before the row is read: 403 unless one of these reaches some
    /// resource of the kind (`checks::may_at_all`).
    pub(crate) at_all: &'static [(Permission, ResourceKind)],
    /// Any of these on the row lets the call through.
    pub(crate) asks: &'static [(Permission, Subject)],
    /// Why 404 and not 403: the server hides a row the caller may not even
    /// see through one of these (`checks::on_row`, `press_checks::decide`,
    /// `order_checks::visible_product`), answering as for no such row so
    /// that guessing ids reveals nothing. Seeing it but not allowed: 403.
    pub(crate) sees: &'static [(Permission, Subject)],
    /// Further core questions follow on facts the probe does not model
    /// (the order a product would become, separation of duties, who asked
    /// for the quote): past the row, 403 is possible too.
    pub(crate) more: bool,
}

/// The rows a `Rows` gate is about.
#[derive(Clone, Copy)]
pub(crate) enum Subject {
    Order,
    Product,
    Quote,
    Address,
    Department,
    WorkOrder,
    Equipment,
    /// The printer app in the print partner's company.
    PrinterApp,
    /// The probe project (CtrlPrint).
    Project,
    /// The probe project's one chapter.
    Chapter,
}

const SEES_ORDER: &[(Permission, Subject)] =
    &[(P::OrdersView, S::Order), (P::OrdersApprove, S::Order)];
const SEES_QUOTE: &[(Permission, Subject)] =
    &[(P::QuotesView, S::Quote), (P::QuotesManage, S::Quote)];
const SEES_WORK_ORDER: &[(Permission, Subject)] = &[
    (P::WorkOrdersView, S::WorkOrder),
    (P::PrinterAppCalibrateQa, S::PrinterApp),
];
/// `documents_checks`: a project is hidden from those who may not see
/// its chapter access, a chapter from those who may not download it.
const SEES_PROJECT: &[(Permission, Subject)] = &[(P::ChapterAccessView, S::Project)];
const SEES_CHAPTER: &[(Permission, Subject)] = &[(P::DocumentsAccessPdf, S::Chapter)];
const SEES_EQUIPMENT: &[(Permission, Subject)] = &[
    (P::EquipmentView, S::Equipment),
    (P::PrinterAppCalibrateQa, S::PrinterApp),
];

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
        "company_id": w.side().company,
        "role": { "name": "", "family": "tenant", "grants": ["users.view@8"] }
    })
}

/// A real department, limited to a publication type nobody has: refused
/// as input once allowed.
fn unknown_publication_type(w: &World) -> serde_json::Value {
    serde_json::json!({ "department_id": w.side().department.0, "limit": ["No such type"] })
}

/// Well formed, and matching nothing.
const TOKEN: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Every server function, its gate and a probe. `{company}`, `{member}`,
/// `{order}` … name real rows of the target company, `{other_…}` rows of
/// the other one, `{work_order}` and `{equipment}` the print partner's
/// (see `World::fill`). Only one-time tokens and ceremonies, the sign-in
/// and sign-up probes' addresses and shops, and the checkout cart's product
/// still name nothing.
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
        OwnNotTheirs(P::ProfileEditOwn),
        Probe::Form(&[("id", "{passkey}")]),
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
        // Resending a pending invitation only mails a fresh link.
        AnywhereThenRow(INVITE),
        Probe::Form(&[("id", "{invitation}"), ("cancel", "false")]),
    ),
    (
        "/api/invite_member",
        Anywhere(INVITE),
        Probe::Form(&[
            ("email", "x"),
            ("name", "New"),
            ("grant", "{company}:customer"),
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
        Probe::Form(&[("user_id", "{member}"), ("reason", "")]),
    ),
    (
        "/api/import_companies",
        Anywhere(&[(P::UsersCreate, K::User)]),
        Probe::Form(&[]),
    ),
    (
        "/api/import_members",
        // Authorized for the company before anything of it is read.
        SomewhereInCompany(P::UsersCreate, K::User),
        Probe::Form(&[
            ("company_id", "{company}"),
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
        Probe::Form(&[("user_id", "{member}"), ("grant", "{company}:nothing")]),
    ),
    (
        "/api/remove_role",
        AnywhereThenRow(&[(P::RolesAssign, K::Membership)]),
        Probe::Form(&[("assignment_id", "{assignment}")]),
    ),
    (
        "/api/place_in_department",
        PlacesMember,
        Probe::Form(&[
            ("user_id", "{member}"),
            ("department_id", "{other_department}"),
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
        OnMember(&[P::UsersReset2fa]),
        Probe::Form(&[("user_id", "{member}")]),
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
        Row(&Rows {
            at_all: &[(P::OrdersEditContent, K::Order)],
            asks: &[(P::OrdersEditContent, S::Order)],
            sees: SEES_ORDER,
            more: false,
        }),
        Probe::Form(&[
            ("order_id", "{order}"),
            ("title", "Probe"),
            ("quantity", "1"),
        ]),
    ),
    (
        "/api/change_job_status",
        Row(&Rows {
            at_all: &[(P::OrdersHold, K::Order)],
            asks: &[(P::OrdersHold, S::Order)],
            sees: SEES_ORDER,
            more: false,
        }),
        Probe::Form(&[("order_id", "{order}"), ("change", "hold")]),
    ),
    (
        "/api/list_managed_products",
        Anywhere(&[(P::ProductsManage, K::Product)]),
        Probe::Form(&[]),
    ),
    (
        "/api/save_product",
        Row(&Rows {
            at_all: &[(P::ProductsManage, K::Product)],
            asks: &[(P::ProductsManage, S::Product)],
            sees: &[
                (P::ProductsView, S::Product),
                (P::ProductsManage, S::Product),
            ],
            more: false,
        }),
        // Moved to another company: refused as input once allowed.
        Probe::Form(&[
            ("product[id]", "{product}"),
            ("product[built_for]", "{other_company}"),
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
        Row(&Rows {
            at_all: &[(P::DepartmentsAssignPublicationTypes, K::Department)],
            asks: &[(P::DepartmentsAssignPublicationTypes, S::Department)],
            sees: &[
                (P::DepartmentsAssignPublicationTypes, S::Department),
                (P::DepartmentsEdit, S::Department),
                (P::DepartmentsCreate, S::Department),
            ],
            more: false,
        }),
        Probe::Json(unknown_publication_type),
    ),
    (
        "/api/list_work_orders",
        Anywhere(&[(P::WorkOrdersView, K::WorkOrder)]),
        Probe::Form(&[("archived", "false")]),
    ),
    (
        "/api/change_work_order",
        Row(&Rows {
            at_all: &[(P::WorkOrdersCancel, K::WorkOrder)],
            asks: &[(P::WorkOrdersCancel, S::WorkOrder)],
            sees: SEES_WORK_ORDER,
            more: false,
        }),
        // Cancelled and archived already: 409 once allowed.
        Probe::Form(&[("work_order_id", "{work_order}"), ("change", "cancel")]),
    ),
    (
        "/api/printer_floor",
        Anywhere(&[(P::PrinterAppCalibrateQa, K::PrinterApp)]),
        Probe::Form(&[]),
    ),
    (
        "/api/record_quality_check",
        Row(&Rows {
            at_all: &[(P::PrinterAppCalibrateQa, K::PrinterApp)],
            asks: &[(P::PrinterAppCalibrateQa, S::PrinterApp)],
            sees: SEES_WORK_ORDER,
            more: false,
        }),
        Probe::Form(&[
            ("work_order_id", "{work_order}"),
            ("equipment_id", "{equipment}"),
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
        Row(&Rows {
            at_all: &[(P::EquipmentManage, K::Equipment)],
            asks: &[(P::EquipmentManage, S::Equipment)],
            sees: SEES_EQUIPMENT,
            more: false,
        }),
        // Archived: 409 once allowed.
        Probe::Form(&[
            ("equipment_id", "{equipment}"),
            ("company_id", "{company}"),
            ("name", "Probe"),
        ]),
    ),
    (
        "/api/archive_equipment",
        Row(&Rows {
            at_all: &[(P::EquipmentManage, K::Equipment)],
            asks: &[(P::EquipmentManage, S::Equipment)],
            sees: SEES_EQUIPMENT,
            more: false,
        }),
        Probe::Form(&[("equipment_id", "{equipment}")]),
    ),
    (
        "/api/calibrate_equipment",
        Row(&Rows {
            at_all: &[
                (P::EquipmentManage, K::Equipment),
                (P::PrinterAppCalibrateQa, K::PrinterApp),
            ],
            asks: &[
                (P::EquipmentManage, S::Equipment),
                (P::PrinterAppCalibrateQa, S::PrinterApp),
            ],
            sees: SEES_EQUIPMENT,
            more: false,
        }),
        Probe::Form(&[("equipment_id", "{equipment}"), ("score", "90")]),
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
        InCompany(P::PartnershipsManage, K::Partnership),
        Probe::Form(&[
            ("partner_id", "{company}"),
            ("customer", "x"),
            ("add", "true"),
        ]),
    ),
    (
        "/api/replenish_stock",
        // Printed to order, not stocked: 422 once seen.
        Row(&Rows {
            at_all: &[(P::StockReplenish, K::Order)],
            asks: &[(P::ProductsView, S::Product)],
            sees: &[(P::ProductsView, S::Product)],
            more: false,
        }),
        Probe::Form(&[
            ("product_id", "{product}"),
            ("quantity", "1"),
            ("idempotency_key", ""),
        ]),
    ),
    (
        "/api/request_quote",
        // Nothing refuses an allowed request: the quote it adds is
        // deleted again (see `undo`).
        Row(&Rows {
            at_all: &[(P::QuotesRequest, K::Quote)],
            asks: &[(P::ProductsView, S::Product)],
            sees: &[(P::ProductsView, S::Product)],
            more: true,
        }),
        Probe::Form(&[
            ("quote[product_id]", "{product}"),
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
        // The quote was declined: 409 once allowed.
        Row(&Rows {
            at_all: &[(P::QuotesManage, K::Quote)],
            asks: &[(P::QuotesManage, S::Quote)],
            sees: SEES_QUOTE,
            more: false,
        }),
        Probe::Form(&[("quote_id", "{quote}"), ("price", "10"), ("note", "")]),
    ),
    (
        "/api/accept_quote",
        // Only its asker orders it (403), and it was declined (409).
        Row(&Rows {
            at_all: &[(P::QuotesRequest, K::Quote)],
            asks: &[(P::QuotesRequest, S::Quote)],
            sees: SEES_QUOTE,
            more: true,
        }),
        Probe::Form(&[("quote_id", "{quote}"), ("idempotency_key", "")]),
    ),
    (
        "/api/decline_quote",
        Row(&Rows {
            at_all: &[(P::QuotesRequest, K::Quote)],
            asks: &[(P::QuotesRequest, S::Quote)],
            sees: SEES_QUOTE,
            more: false,
        }),
        Probe::Form(&[("quote_id", "{quote}")]),
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
        // Moved to a department of another company: refused once allowed.
        Row(&Rows {
            at_all: &[
                (P::CompanyAddressesManage, K::CompanyAddress),
                (P::PersonalAddressesCreate, K::PersonalAddress),
                (P::PersonalAddressesEdit, K::PersonalAddress),
            ],
            asks: &[(P::CompanyAddressesManage, S::Address)],
            sees: &[(P::CompanyAddressesView, S::Address)],
            more: true,
        }),
        Probe::Form(&[
            ("address[id]", "{address}"),
            ("address[personal]", "false"),
            ("address[company_id]", "{company}"),
            ("address[department_id]", "{other_department}"),
            ("address[name]", "Probe"),
            ("address[street]", "1 Probe Street"),
            ("address[postcode]", "1000"),
            ("address[city]", "Probe"),
            ("address[country]", "Probe"),
        ]),
    ),
    (
        "/api/delete_address",
        // Nothing refuses an allowed delete: the address is put back (see `undo`).
        Row(&Rows {
            at_all: &[
                (P::CompanyAddressesManage, K::CompanyAddress),
                (P::PersonalAddressesDelete, K::PersonalAddress),
            ],
            asks: &[(P::CompanyAddressesManage, S::Address)],
            sees: &[(P::CompanyAddressesView, S::Address)],
            more: false,
        }),
        Probe::Form(&[("address_id", "{address}")]),
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
        // An approver who is no member and outside the company's approver
        // domains: refused as input once the order itself is allowed.
        Row(&Rows {
            at_all: &[(P::OrdersCreate, K::Order)],
            asks: &[(P::ProductsView, S::Product)],
            sees: &[(P::ProductsView, S::Product)],
            more: true,
        }),
        Probe::Form(&[
            ("order[product_id]", "{product}"),
            ("order[quantity]", "1"),
            ("order[title]", "Probe"),
            ("order[approvers]", "probe@nowhere.test"),
            ("order[idempotency_key]", ""),
        ]),
    ),
    (
        "/api/reorder",
        // A stock replenishment is not reordered: 422 once allowed.
        Row(&Rows {
            at_all: &[(P::OrdersReorder, K::Order)],
            asks: &[(P::OrdersReorder, S::Order)],
            sees: SEES_ORDER,
            more: false,
        }),
        Probe::Form(&[("order_id", "{order}"), ("idempotency_key", "")]),
    ),
    (
        "/api/decide_order",
        // Separation of duties may still refuse (403); shipped: 409.
        Row(&Rows {
            at_all: &[(P::OrdersApprove, K::Order)],
            asks: &[(P::OrdersApprove, S::Order)],
            sees: SEES_ORDER,
            more: true,
        }),
        Probe::Form(&[
            ("order_id", "{order}"),
            ("approve", "true"),
            ("comment", ""),
        ]),
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
        InCompany(P::DepartmentsCreate, K::Department),
        Probe::Form(&[("company_id", "{company}"), ("name", "")]),
    ),
    (
        "/api/company_settings",
        InCompany(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[("company_id", "{company}")]),
    ),
    (
        "/api/save_company_settings",
        InCompany(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[
            ("company_id", "{company}"),
            ("name", "Acme Print Buyers"),
            ("slug", "acme"),
            ("family", "storefront"),
            ("approver_domains", "not a domain"),
        ]),
    ),
    (
        "/api/partnership_requests",
        InCompany(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[("company_id", "{company}")]),
    ),
    // No such request: allowed callers get 404, and nothing changes.
    (
        "/api/answer_partnership",
        InCompany(P::TenantSettingsEdit, K::TenantSettings),
        Probe::Form(&[
            ("company_id", "{company}"),
            ("request_id", "{other_request}"),
            ("accept", "true"),
        ]),
    ),
    (
        "/api/custom_roles",
        InCompany(P::CustomRolesManage, K::CustomRole),
        Probe::Form(&[("company_id", "{company}")]),
    ),
    (
        "/api/preview_custom_role",
        InCompany(P::CustomRolesManage, K::CustomRole),
        Probe::Json(nameless_role),
    ),
    (
        "/api/save_custom_role",
        InCompany(P::CustomRolesManage, K::CustomRole),
        Probe::Json(nameless_role),
    ),
    (
        "/api/delete_custom_role",
        InCompany(P::CustomRolesManage, K::CustomRole),
        Probe::Form(&[
            ("company_id", "{company}"),
            ("role_id", "{other_custom_role}"),
        ]),
    ),
    (
        "/api/groups",
        InCompany(P::GroupsManage, K::Group),
        Probe::Form(&[("company_id", "{company}")]),
    ),
    (
        "/api/create_group",
        InCompany(P::GroupsManage, K::Group),
        Probe::Form(&[("company_id", "{company}"), ("name", "")]),
    ),
    (
        "/api/delete_group",
        InCompany(P::GroupsManage, K::Group),
        Probe::Form(&[("company_id", "{company}"), ("group_id", "{other_group}")]),
    ),
    (
        "/api/group_member",
        InCompany(P::GroupsManage, K::Group),
        Probe::Form(&[
            ("company_id", "{company}"),
            ("group_id", "{other_group}"),
            ("email", "x"),
            ("member", "true"),
        ]),
    ),
    (
        "/api/give_group_role",
        InCompany(P::GroupsManage, K::Group),
        Probe::Form(&[
            ("company_id", "{company}"),
            ("group_id", "{other_group}"),
            ("grant", "x"),
        ]),
    ),
    (
        "/api/take_group_role",
        InCompany(P::GroupsManage, K::Group),
        Probe::Form(&[
            ("company_id", "{company}"),
            ("group_role_id", "{other_group_role}"),
        ]),
    ),
    (
        "/api/projects",
        InCompany(P::ProjectsCreateDelete, K::Project),
        Probe::Form(&[("company_id", "{company}")]),
    ),
    (
        "/api/create_project",
        InCompany(P::ProjectsCreateDelete, K::Project),
        Probe::Form(&[("company_id", "{company}"), ("name", "")]),
    ),
    (
        "/api/delete_project",
        InCompany(P::ProjectsCreateDelete, K::Project),
        Probe::Form(&[
            ("company_id", "{company}"),
            ("project_id", "{other_project}"),
        ]),
    ),
    // Documents (CtrlPrint), on the target side's probe project and its
    // one chapter: an allowed call stops at validation or at a state that
    // forbids the change (a deleted chapter is put back, see `undo`).
    (
        "/api/my_projects",
        Anywhere(&[(P::ChapterAccessView, K::Project)]),
        Probe::Form(&[]),
    ),
    (
        "/api/list_chapters",
        Row(&Rows {
            at_all: &[(P::ChapterAccessView, K::Project)],
            asks: SEES_PROJECT,
            sees: SEES_PROJECT,
            more: false,
        }),
        Probe::Form(&[("project_id", "{project}")]),
    ),
    (
        "/api/create_chapter",
        Row(&Rows {
            at_all: &[(P::ChaptersCreate, K::Project)],
            asks: &[(P::ChaptersCreate, S::Project)],
            sees: SEES_PROJECT,
            more: false,
        }),
        Probe::Form(&[("project_id", "{project}"), ("name", "")]),
    ),
    (
        "/api/rename_chapter",
        Row(&Rows {
            at_all: &[(P::ChapterRenameReorder, K::Chapter)],
            asks: &[(P::ChapterRenameReorder, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}"), ("name", "")]),
    ),
    // The project's only chapter is first already: 409.
    (
        "/api/move_chapter",
        Row(&Rows {
            at_all: &[(P::ChapterRenameReorder, K::Chapter)],
            asks: &[(P::ChapterRenameReorder, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}"), ("up", "true")]),
    ),
    (
        "/api/delete_chapter",
        Row(&Rows {
            at_all: &[(P::ChaptersDelete, K::Chapter)],
            asks: &[(P::ChaptersDelete, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}")]),
    ),
    // Active already: 409.
    (
        "/api/set_chapter_active",
        Row(&Rows {
            at_all: &[(P::ChaptersToggleActive, K::Chapter)],
            asks: &[(P::ChaptersToggleActive, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}"), ("active", "true")]),
    ),
    // Open already: 409.
    (
        "/api/set_chapter_done",
        Row(&Rows {
            at_all: &[(P::ChapterSetDone, K::Chapter)],
            asks: &[(P::ChapterSetDone, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}"), ("done", "false")]),
    ),
    // The member holds no level to take away: 409.
    (
        "/api/set_chapter_level",
        Row(&Rows {
            at_all: &[(P::ChapterSetPermissions, K::Project)],
            asks: &[(P::ChapterSetPermissions, S::Project)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[
            ("chapter_id", "{chapter}"),
            ("user_id", "{member}"),
            ("level", "none"),
        ]),
    ),
    // Free, open and active: the lock is taken (put back, see `undo`).
    // Core has "Access documents and edit them" at Read & Comment, and
    // "Edit text in InCopy" (InDesign covers it) decides.
    (
        "/api/check_out_chapter",
        Row(&Rows {
            at_all: &[(P::DocumentsAccessEdit, K::Chapter)],
            asks: &[(P::DocumentsEditText, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}")]),
    ),
    // Nobody holds the probe chapter: "unlock your own" is asked, 409.
    (
        "/api/unlock_chapter",
        Row(&Rows {
            at_all: &[
                (P::ChapterUnlockOwn, K::Chapter),
                (P::ChapterUnlockOthers, K::Chapter),
            ],
            asks: &[(P::ChapterUnlockOwn, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}")]),
    ),
    // Chapter versions: every level lists them; deleting stops at
    // version 0 (422) once core allowed it.
    (
        "/api/list_versions",
        Row(&Rows {
            at_all: &[(P::DocumentsAccessPdf, K::Chapter)],
            asks: &[(P::DocumentsAccessPdf, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}")]),
    ),
    (
        "/api/delete_version",
        Row(&Rows {
            at_all: &[(P::ChapterDeleteVersions, K::Chapter)],
            asks: &[(P::ChapterDeleteVersions, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}"), ("number", "0")]),
    ),
    // Comments and the chapter log (CtrlPrint): reading them answers;
    // adding stops at the empty body, a status change at an unknown
    // status; an allowed delete is undone.
    (
        "/api/list_comments",
        Row(&Rows {
            at_all: &[(P::DocumentsAccessPdf, K::Chapter)],
            asks: &[(P::DocumentsAccessPdf, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}")]),
    ),
    (
        "/api/add_comment",
        Row(&Rows {
            at_all: &[(P::CommentsAdd, K::Chapter)],
            asks: &[(P::CommentsAdd, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}"), ("page", ""), ("body", "")]),
    ),
    (
        "/api/set_comment_status",
        Row(&Rows {
            at_all: &[(P::CommentsChangeStatus, K::Chapter)],
            asks: &[(P::CommentsChangeStatus, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("comment_id", "{comment}"), ("status", "closed")]),
    ),
    (
        "/api/delete_comment",
        Row(&Rows {
            at_all: &[(P::CommentsDelete, K::Chapter)],
            asks: &[(P::CommentsDelete, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("comment_id", "{comment}")]),
    ),
    (
        "/api/chapter_log",
        Row(&Rows {
            at_all: &[(P::ChapterViewLogs, K::Chapter)],
            asks: &[(P::ChapterViewLogs, S::Chapter)],
            sees: SEES_CHAPTER,
            more: false,
        }),
        Probe::Form(&[("chapter_id", "{chapter}")]),
    ),
    // Cus is active: reactivating is a 409 for whoever may.
    (
        "/api/change_member_state",
        OnMember(&[P::UsersSuspend]),
        Probe::Form(&[("user_id", "{member}"), ("suspend", "false")]),
    ),
    (
        "/api/resend_credentials",
        OnMember(&[P::UsersResendCredentials]),
        Probe::Form(&[("user_id", "{member}")]),
    ),
    (
        "/api/member_second_factor",
        OnMember(&[P::UsersRequire2fa, P::UsersReset2fa]),
        Probe::Form(&[("user_id", "{member}")]),
    ),
    (
        "/api/require_member_second_factor",
        OnMember(&[P::UsersRequire2fa]),
        Probe::Form(&[("user_id", "{member}"), ("required", "false")]),
    ),
    (
        "/api/member_roles",
        SeesMember { self_too: true },
        Probe::Form(&[("user_id", "{member}")]),
    ),
    (
        "/api/member_group_roles",
        SeesMember { self_too: true },
        Probe::Form(&[("user_id", "{member}")]),
    ),
    (
        "/api/member_departments",
        SeesMember { self_too: false },
        Probe::Form(&[("user_id", "{member}")]),
    ),
    (
        "/api/check_access",
        ChecksMember,
        Probe::Form(&[
            ("user_id", "{member}"),
            ("permission", "orders.approve"),
            ("own", "true"),
        ]),
    ),
    (
        "/api/set_second_factor_rule",
        SecondFactorRule,
        Probe::Form(&[("company_id", "{company}"), ("required", "false")]),
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

/// One company's real rows, as `core` sees them.
pub(crate) struct Side {
    pub(crate) company: i64,
    /// A customer of the company (Cus at Acme, Cliff at Globex).
    member: i64,
    member_seen: Vec<Resource>,
    member_view: MemberView,
    /// A shipped stock replenishment (not editable, not reordered).
    order: (i64, Resource),
    /// A product printed to order.
    product: (i64, Resource),
    /// A declined quote.
    quote: (i64, Resource),
    /// A company address.
    address: (address::Model, Resource),
    department: (i64, Resource),
    /// The member's role.
    assignment: role_assignment::Model,
    group: i64,
    group_role: i64,
    custom_role: i64,
    project: i64,
    /// The probe project's one chapter, open and active.
    chapter: chapter::Model,
    /// An open comment on the probe chapter.
    comment: chapter_comment::Model,
    partnership_request: i64,
    /// Pending, for an inactive member of Globex's.
    invitation: i64,
}

/// What `core` says about a caller and a gate, on the rows of the target
/// side (`target`, set for each account) and the print partner's.
pub(crate) struct World {
    sides: [Side; 2],
    target: Cell<usize>,
    press: i64,
    /// Cancelled and archived.
    work_order: i64,
    /// Archived.
    equipment: i64,
    /// Of an inactive member who never signs in (a passkey makes password
    /// sign-ins ask for a second step).
    passkey: i64,
}

/// How the server must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Past authorization: never 401, 403 or 404.
    Past,
    /// Past the row; later core questions may still refuse: never 401 or 404.
    PastOr403,
    /// Past authorization onto a row of another company: never 401 or 403.
    PastOrHidden,
    /// Exactly 403.
    Forbidden,
    /// Exactly 404: the row is hidden from the caller.
    Hidden,
}

impl Expect {
    fn refused(self) -> bool {
        matches!(self, Expect::Forbidden | Expect::Hidden)
    }

    fn admits(self, status: u16) -> bool {
        match self {
            Expect::Past => !matches!(status, 401 | 403 | 404),
            Expect::PastOr403 => !matches!(status, 401 | 404),
            Expect::PastOrHidden => !matches!(status, 401 | 403),
            Expect::Forbidden => status == 403,
            Expect::Hidden => status == 404,
        }
    }
}

impl World {
    pub(crate) fn side(&self) -> &Side {
        &self.sides[self.target.get()]
    }

    fn other(&self) -> &Side {
        &self.sides[1 - self.target.get()]
    }

    /// Aim at the company `me` holds no role in: Globex for Acme's people,
    /// Acme for everyone else.
    fn aim_at_another_company_than(&self, me: &Principal) {
        let in_acme = match me {
            Principal::User(u) => u
                .assignments
                .iter()
                .any(|a| a.scope.company() == Some(CompanyId(self.sides[0].company))),
            _ => false,
        };
        self.target.set(usize::from(in_acme));
    }

    fn resource(&self, s: Subject) -> Resource {
        let side = self.side();
        let press = Resource::in_company(K::WorkOrder, CompanyId(self.press));
        match s {
            S::Order => side.order.1.clone(),
            S::Product => side.product.1.clone(),
            S::Quote => side.quote.1.clone(),
            S::Address => side.address.1.clone(),
            S::Department => side.department.1.clone(),
            S::WorkOrder => press.with_id(self.work_order),
            S::Equipment => {
                Resource::in_company(K::Equipment, CompanyId(self.press)).with_id(self.equipment)
            }
            S::PrinterApp => Resource::in_company(K::PrinterApp, CompanyId(self.press)),
            S::Project => Resource::in_company(K::Project, CompanyId(side.company))
                .with_id(side.project)
                .with_project(ProjectId(side.project)),
            S::Chapter => Resource::in_company(K::Chapter, CompanyId(side.company))
                .with_id(side.chapter.id)
                .with_chapter(ProjectId(side.project), ChapterId(side.chapter.id)),
        }
    }

    fn expect(&self, me: &Principal, my_id: UserId, gate: &Gate) -> Expect {
        let anywhere = |p: Permission, k: ResourceKind| visibility(me, p, k) != Filter::None;
        let on =
            |(p, s): &(Permission, Subject)| authorize(me, *p, &self.resource(*s)).is_allowed();
        let side = self.side();
        let company = CompanyId(side.company);
        let verdict = |allowed: bool, past: Expect| if allowed { past } else { Expect::Forbidden };
        let member_seen = || {
            side.member_seen
                .iter()
                .any(|r| authorize(me, P::UsersView, r).is_allowed())
        };
        match gate {
            Open | SecondStep | SignedIn => Expect::PastOrHidden,
            Own(p) => verdict(
                authorize(me, *p, &Resource::new(K::Account).with_owner(my_id)).is_allowed(),
                Expect::PastOrHidden,
            ),
            OwnNotTheirs(p) => {
                let own = Resource::new(K::Account).with_owner(my_id);
                verdict(authorize(me, *p, &own).is_allowed(), Expect::Hidden)
            }
            Anywhere(any) => verdict(
                any.iter().any(|(p, k)| anywhere(*p, *k)),
                Expect::PastOrHidden,
            ),
            AnywhereThenRow(any) => {
                verdict(any.iter().any(|(p, k)| anywhere(*p, *k)), Expect::PastOr403)
            }
            Platform(p, k) => verdict(
                authorize(me, *p, &Resource::new(*k)).is_allowed(),
                Expect::PastOrHidden,
            ),
            InCompany(p, k) => verdict(
                authorize(me, *p, &Resource::in_company(*k, company)).is_allowed(),
                Expect::PastOrHidden,
            ),
            SomewhereInCompany(p, k) => {
                let Principal::User(u) = me else {
                    return Expect::Forbidden;
                };
                let held = u.assignments.iter().filter_map(|a| match a.scope {
                    imprimatur_core::Scope::Department(c, d) if c == company => Some(d),
                    _ => None,
                });
                let here = Resource::in_company(*k, company);
                let allowed = std::iter::once(None)
                    .chain(held.chain(u.departments.iter().copied()).map(Some))
                    .any(|d| {
                        let mut r = here.clone();
                        r.department = d;
                        authorize(me, *p, &r).is_allowed()
                    });
                verdict(allowed, Expect::PastOrHidden)
            }
            OnMember(any) => verdict(
                any.iter().any(|p| {
                    anywhere(*p, p.resource_kind())
                        && may_act_on_member(me, *p, &side.member_view).is_allowed()
                }),
                Expect::Past,
            ),
            // A member the caller may not see is answered as no such member
            // (`checks::visible_member`): 404, never a hint that it exists.
            SeesMember { self_too } => {
                if *self_too && my_id.0 == side.member {
                    Expect::Past
                } else if !anywhere(P::UsersView, K::User) {
                    Expect::Forbidden
                } else if member_seen() {
                    Expect::Past
                } else {
                    Expect::Hidden
                }
            }
            PlacesMember => verdict(
                anywhere(P::UsersPlaceInDepartments, K::User) && anywhere(P::UsersView, K::User),
                Expect::Hidden,
            ),
            // As above: a member the caller may not check is hidden.
            ChecksMember => {
                let checkable = side.member_seen.iter().any(|r| {
                    let mut membership = r.clone();
                    membership.kind = K::Membership;
                    authorize(me, P::AccessCheck, &membership).is_allowed()
                });
                if !anywhere(P::AccessCheck, K::Membership) {
                    Expect::Forbidden
                } else if checkable {
                    Expect::Past
                } else {
                    Expect::Hidden
                }
            }
            SecondFactorRule => verdict(
                may_set_second_factor_rule(me, Some(company)).is_allowed(),
                Expect::PastOrHidden,
            ),
            Row(rows) => {
                if !rows.at_all.iter().any(|(p, k)| anywhere(*p, *k)) {
                    Expect::Forbidden
                } else if rows.asks.iter().any(on) {
                    if rows.more {
                        Expect::PastOr403
                    } else {
                        Expect::Past
                    }
                } else if rows.sees.is_empty() || rows.sees.iter().any(on) {
                    Expect::Forbidden
                } else {
                    Expect::Hidden
                }
            }
        }
    }

    /// `s` with the placeholders replaced by the ids of the target side's
    /// rows (`{acme}` and `{cus}` are its company and member too).
    pub(crate) fn fill(&self, s: &str) -> String {
        let (side, other) = (self.side(), self.other());
        let ids = [
            ("{company}", side.company),
            ("{acme}", side.company),
            ("{member}", side.member),
            ("{cus}", side.member),
            ("{order}", side.order.0),
            ("{product}", side.product.0),
            ("{quote}", side.quote.0),
            ("{address}", side.address.0.id),
            ("{assignment}", side.assignment.id),
            ("{invitation}", side.invitation),
            ("{passkey}", self.passkey),
            ("{other_company}", other.company),
            ("{other_department}", other.department.0),
            ("{other_group}", other.group),
            ("{other_group_role}", other.group_role),
            ("{other_custom_role}", other.custom_role),
            ("{other_project}", other.project),
            ("{project}", side.project),
            ("{chapter}", side.chapter.id),
            ("{comment}", side.comment.id),
            ("{other_request}", other.partnership_request),
            ("{work_order}", self.work_order),
            ("{equipment}", self.equipment),
        ];
        ids.iter()
            .fold(s.to_string(), |s, (k, v)| s.replace(k, &v.to_string()))
    }
}

/// Rows the demo lacks, added for the matrix: none of them is needed by
/// the demo, and each is of a state that stops an allowed call.
async fn side(app: &TestApp, slug: &str, member_email: &str, template_order: i64) -> Side {
    let db = app.db.writer();
    let company = app.company_id(slug).await;
    let member = app.user_id(member_email).await;
    let now = chrono::Utc::now();
    let mut o = order::Entity::find_by_id(template_order)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    o.id = NotSet;
    o.state = Set("shipped".into());
    o.replenishes = Set(true);
    o.idempotency_key = Set(None);
    let o = o.insert(db).await.unwrap();
    let mut order_r = Resource::in_company(K::Order, CompanyId(company))
        .with_id(o.id)
        .with_owner(UserId(o.owner_id));
    if let Some(d) = o.department_id {
        order_r = order_r.with_department(DepartmentId(d));
    }
    let p = product::Entity::find()
        .filter(product::Column::CompanyId.eq(company))
        .filter(product::Column::StockOnHand.is_null())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut product_r = Resource::in_company(K::Product, CompanyId(company))
        .with_id(p.id)
        .with_publication_type(p.publication_type.as_str());
    if let Some(d) = p.department_id {
        product_r = product_r.with_department(DepartmentId(d));
    }
    let q = quote::ActiveModel {
        id: NotSet,
        company_id: Set(company),
        department_id: Set(None),
        owner_id: Set(member),
        product_id: Set(p.id),
        title: Set("Probe quote".into()),
        quantity: Set(10),
        note: Set(String::new()),
        state: Set("declined".into()),
        price_cents: Set(None),
        answer: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        order_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap();
    let quote_r = Resource::in_company(K::Quote, CompanyId(company))
        .with_id(q.id)
        .with_owner(UserId(member));
    let a = address::ActiveModel {
        id: NotSet,
        company_id: Set(company),
        department_id: Set(None),
        owner_id: Set(None),
        name: Set("Probe office".into()),
        street: Set("1 Probe Street".into()),
        postcode: Set("1000".into()),
        city: Set("Probe".into()),
        country: Set("Probe".into()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap();
    let address_r = Resource::in_company(K::CompanyAddress, CompanyId(company)).with_id(a.id);
    let d = department::Entity::find()
        .filter(department::Column::CompanyId.eq(company))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let department_r = Resource::in_company(K::Department, CompanyId(company))
        .with_id(d)
        .with_department(DepartmentId(d));
    let assignment = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(member))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let group = member_group::ActiveModel {
        id: NotSet,
        company_id: Set(company),
        name: Set("Probe group".into()),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let group_role = group_role::ActiveModel {
        id: NotSet,
        group_id: Set(group),
        role: Set(assignment.role.clone()),
        department_id: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let family = if slug == "acme" {
        "storefront"
    } else {
        "corporate"
    };
    let custom_role = custom_role::ActiveModel {
        id: NotSet,
        company_id: Set(company),
        name: Set("Probe role".into()),
        family: Set(family.into()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let project = project::ActiveModel {
        id: NotSet,
        company_id: Set(company),
        name: Set("Probe project".into()),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let chapter = chapter::ActiveModel {
        id: NotSet,
        project_id: Set(project),
        company_id: Set(company),
        name: Set("Probe chapter".into()),
        position: Set(1),
        status: Set("template".into()),
        active: Set(true),
        created_at: Set(now),
        locked_by: Set(None),
        locked_at: Set(None),
    }
    .insert(db)
    .await
    .unwrap();
    let comment = chapter_comment::ActiveModel {
        id: NotSet,
        chapter_id: Set(chapter.id),
        page: Set(Some(1)),
        body: Set("Probe comment".into()),
        status: Set("open".into()),
        created_by: Set(member),
        created_at: Set(now),
        status_changed_by: Set(None),
        status_changed_at: Set(None),
    }
    .insert(db)
    .await
    .unwrap();
    let partnership_request = partnership_request::ActiveModel {
        id: NotSet,
        partner_id: Set(app.company_id("inkworks").await),
        customer_id: Set(company),
        requested_by: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let invitee = user::Entity::find()
        .filter(user::Column::Email.eq("ian@globex.test"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let invitation = invitation::ActiveModel {
        id: NotSet,
        email: Set(invitee.email),
        user_id: Set(invitee.id),
        role: Set(assignment.role.clone()),
        company_id: Set(company),
        department_id: Set(None),
        project_id: Set(None),
        invited_by: Set(None),
        state: Set("pending".into()),
        created_at: Set(now),
        decided_at: Set(None),
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    Side {
        company,
        member,
        member_seen: members::resources(&app.db.read, member).await.unwrap(),
        member_view: members::views_of_many(&app.db.read, &[member])
            .await
            .unwrap()
            .remove(&member)
            .unwrap(),
        order: (o.id, order_r),
        product: (p.id, product_r),
        quote: (q.id, quote_r),
        address: (a, address_r),
        department: (d, department_r),
        assignment,
        group,
        group_role,
        custom_role,
        project,
        chapter,
        comment,
        partnership_request,
        invitation,
    }
}

/// The demo with the matrix's rows added, as `core` sees them; aimed at
/// Acme until `aim_at_another_company_than` says otherwise.
pub(crate) async fn world(app: &TestApp) -> World {
    let db = app.db.writer();
    let acme_order = order::Entity::find()
        .filter(order::Column::CompanyId.eq(app.company_id("acme").await))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let globex_order = order::Entity::find()
        .filter(order::Column::CompanyId.eq(app.company_id("globex").await))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let press = app.company_id("inkworks").await;
    let mut wo = work_order::Entity::find()
        .filter(work_order::Column::CompanyId.eq(press))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    // A work order of its own order: one work order an order.
    let source = wo.order_id.clone().unwrap();
    let mut job = order::Entity::find_by_id(source)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    job.id = NotSet;
    job.idempotency_key = Set(None);
    wo.order_id = Set(job.insert(db).await.unwrap().id);
    wo.id = NotSet;
    wo.state = Set("cancelled".into());
    wo.archived_at = Set(Some(chrono::Utc::now()));
    let work_order = wo.insert(db).await.unwrap().id;
    let mut eq = equipment::Entity::find()
        .filter(equipment::Column::CompanyId.eq(press))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    eq.id = NotSet;
    eq.name = Set("Probe press".into());
    eq.archived_at = Set(Some(chrono::Utc::now()));
    let equipment = eq.insert(db).await.unwrap().id;
    let owner = app.user_id("ian@globex.test").await;
    let now = chrono::Utc::now();
    let passkey = passkey::ActiveModel {
        id: NotSet,
        user_id: Set(owner),
        name: Set("Probe key".into()),
        credential_id: Set(format!("probe-credential-{owner}")),
        passkey: Set("{}".into()),
        created_at: Set(now),
        last_used_at: Set(None),
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    World {
        sides: [
            side(app, "acme", "cus@acme.test", acme_order).await,
            side(app, "globex", "cliff@globex.test", globex_order).await,
        ],
        target: Cell::new(0),
        press,
        work_order,
        equipment,
        passkey,
    }
}

async fn call(
    app: &TestApp,
    w: &World,
    b: &reqwest::Client,
    path: &str,
    probe: &Probe,
) -> (u16, String) {
    let req = app.post_as(b, path);
    let req = match probe {
        Probe::Form(fields) => {
            let filled: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, w.fill(v))).collect();
            req.form(&filled)
        }
        Probe::Json(make) => req.json(&make(w)),
    };
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// Put back what the few allowed probes that no check stops wrote (what
/// later probes depend on; their audit records and mail stay).
async fn undo(app: &TestApp, w: &World, path: &str, status: u16, body: &str) {
    if status >= 300 {
        return;
    }
    let db = app.db.writer();
    let side = w.side();
    match path {
        "/api/delete_address" => {
            side.address
                .0
                .clone()
                .into_active_model()
                .insert(db)
                .await
                .unwrap();
        }
        "/api/delete_chapter" => {
            side.chapter
                .clone()
                .into_active_model()
                .insert(db)
                .await
                .unwrap();
            // Its comments went with it.
            side.comment
                .clone()
                .into_active_model()
                .insert(db)
                .await
                .unwrap();
        }
        "/api/delete_comment" => {
            side.comment
                .clone()
                .into_active_model()
                .insert(db)
                .await
                .unwrap();
        }
        "/api/check_out_chapter" => {
            chapter::ActiveModel {
                id: Set(side.chapter.id),
                locked_by: Set(None),
                locked_at: Set(None),
                ..Default::default()
            }
            .update(db)
            .await
            .unwrap();
        }
        "/api/remove_role" => {
            side.assignment
                .clone()
                .into_active_model()
                .insert(db)
                .await
                .unwrap();
        }
        // The member had no second factor: only the demand to enrol is new.
        "/api/reset_member_second_factor" => {
            let u = user::Entity::find_by_id(side.member)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let mut u = u.into_active_model();
            u.enrol_second_factor = Set(false);
            u.update(db).await.unwrap();
        }
        "/api/request_quote" => {
            let id: i64 = body.trim().parse().unwrap();
            quote::Entity::delete_by_id(id).exec(db).await.unwrap();
        }
        _ => {}
    }
}

#[tokio::test]
async fn nobody_and_a_suspended_member_get_401_from_every_function_that_needs_a_member() {
    for backend in backends() {
        let app = spawn(backend).await;
        let world = world(&app).await;
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
            let (as_nobody, _) = call(&app, &world, &anonymous, path, probe).await;
            let (as_suspended, _) = call(&app, &world, &suspended, path, probe).await;
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
async fn every_function_answers_every_demo_account_as_core_decides_on_real_rows() {
    for backend in backends() {
        let app = spawn(backend).await;
        let world = world(&app).await;
        let tables = schema(&app).await;
        let (mut allowed, mut forbidden, mut hidden) = (0, 0, 0);
        for (email, me) in app.demo_people().await {
            let Principal::User(person) = &me else {
                continue;
            };
            let my_id = person.id;
            world.aim_at_another_company_than(&me);
            let b = app.signed_in_browser(&email).await;
            // The database as the last refused call left it; `None` once
            // an allowed call may have written.
            let mut last: Option<Snapshot> = None;
            for (path, gate, probe) in GATES {
                let expect = world.expect(&me, my_id, gate);
                let before = match (expect.refused(), last.take()) {
                    (true, Some(s)) => Some(s),
                    (true, None) => Some(tables.snapshot(&app).await),
                    (false, _) => None,
                };
                let (status, body) = call(&app, &world, &b, path, probe).await;
                assert!(status < 500, "{backend:?} {email} {path}: {status} {body}");
                if matches!(gate, Open | SecondStep) {
                    continue;
                }
                assert!(
                    expect.admits(status),
                    "{backend:?} {email} {path}: core says {expect:?}, the server answered {status}: {body}"
                );
                match expect {
                    Expect::Forbidden => forbidden += 1,
                    Expect::Hidden => hidden += 1,
                    _ => allowed += 1,
                }
                if let Some(before) = before {
                    let after = tables.snapshot(&app).await;
                    after.assert_unchanged_since(
                        &before,
                        &format!("{backend:?} {email} {path}, refused with {status},"),
                    );
                    last = Some(after);
                } else {
                    undo(&app, &world, path, status, &body).await;
                }
            }
        }
        println!(
            "{backend:?}: {allowed} calls allowed, {forbidden} refused with 403 and {hidden} hidden with 404, each as core decided"
        );
        assert!(
            allowed > 100 && forbidden > 100 && hidden > 20,
            "{backend:?}: {allowed} allowed, {forbidden} forbidden, {hidden} hidden"
        );
    }
}

/// A GET route (not in `GATES`) on the other company's probe rows: 401
/// for nobody; for every demo account exactly what core decides for
/// `rows`, and a refusal writes nothing.
async fn a_get_route_answers_as_core_decides(rows: &'static Rows, path: fn(&Side) -> String) {
    for backend in backends() {
        let app = spawn(backend).await;
        let world = world(&app).await;
        let tables = schema(&app).await;
        let get = |b: &reqwest::Client| {
            let req = b.get(app.url(&path(world.side())));
            async move { req.send().await.unwrap().status().as_u16() }
        };
        let what = path(world.side());
        assert_eq!(get(&browser()).await, 401, "{backend:?} nobody {what}");
        let (mut allowed, mut refused) = (0, 0);
        for (email, me) in app.demo_people().await {
            let Principal::User(person) = &me else {
                continue;
            };
            world.aim_at_another_company_than(&me);
            let expect = world.expect(&me, person.id, &Row(rows));
            let b = app.signed_in_browser(&email).await;
            let before = tables.snapshot(&app).await;
            let status = get(&b).await;
            assert!(
                expect.admits(status),
                "{backend:?} {email} {what}: core says {expect:?}, the server answered {status}"
            );
            if expect.refused() {
                refused += 1;
                tables
                    .snapshot(&app)
                    .await
                    .assert_unchanged_since(&before, &format!("{backend:?} {email} {what}"));
            } else {
                allowed += 1;
            }
        }
        assert!(
            allowed > 0 && refused > 0,
            "{what}: {allowed} allowed, {refused} refused"
        );
    }
}

/// What core decides for `/api/chapter_log`.
#[tokio::test]
async fn the_chapter_log_csv_answers_every_demo_account_as_core_decides() {
    const LOG_CSV: Rows = Rows {
        at_all: &[(P::ChapterViewLogs, K::Chapter)],
        asks: &[(P::ChapterViewLogs, S::Chapter)],
        sees: SEES_CHAPTER,
        more: false,
    };
    a_get_route_answers_as_core_decides(&LOG_CSV, |s| {
        format!("/chapters/{}/log.csv", s.chapter.id)
    })
    .await;
}

/// The probe project's one chapter has no version: an allowed call ends
/// in 409.
#[tokio::test]
async fn the_combined_pdf_answers_every_demo_account_as_core_decides() {
    const COMBINED_PDF: Rows = Rows {
        at_all: &[(P::DocumentsAccessPdf, K::Chapter)],
        asks: SEES_PROJECT,
        sees: SEES_PROJECT,
        more: false,
    };
    a_get_route_answers_as_core_decides(&COMBINED_PDF, |s| {
        format!("/projects/{}/combined.pdf", s.project)
    })
    .await;
}

/// The probe chapter has no version: an allowed download ends in 409.
#[tokio::test]
async fn a_chapter_pdf_download_answers_every_demo_account_as_core_decides() {
    const PDF: Rows = Rows {
        at_all: &[(P::DocumentsAccessPdf, K::Chapter)],
        asks: &[(P::DocumentsAccessPdf, S::Chapter)],
        sees: SEES_CHAPTER,
        more: false,
    };
    a_get_route_answers_as_core_decides(&PDF, |s| format!("/chapters/{}/pdf", s.chapter.id)).await;
}

/// The read-only copy of the probe chapter's document.
#[tokio::test]
async fn a_chapter_document_download_answers_every_demo_account_as_core_decides() {
    const DOCUMENT: Rows = Rows {
        at_all: &[(P::DocumentsAccessEdit, K::Chapter)],
        asks: &[(P::DocumentsAccessEdit, S::Chapter)],
        sees: SEES_CHAPTER,
        more: false,
    };
    a_get_route_answers_as_core_decides(&DOCUMENT, |s| {
        format!("/chapters/{}/document", s.chapter.id)
    })
    .await;
}
