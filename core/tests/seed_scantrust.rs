//! Scantrust printing partners (seed 000): every bullet of every role, and
//! every right each role does not have.
// On wasm32, `#[test]` is wasm-bindgen-test's, which clippy does not see as a test.
#![cfg_attr(
    target_arch = "wasm32",
    allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod world;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use imprimatur_core::*;
use world::*;

const SEED: &str = include_str!("seeds/scantrust.txt");
use Permission as P;

/// Each bullet of the seed and the catalogue permissions it stands for.
const BULLETS: &[(&str, &[Permission])] = &[
    (
        "Manage companies, users and partnerships",
        &[
            P::CompanyEdit,
            P::UsersCreate,
            P::UsersEdit,
            P::UsersDelete,
            P::RolesAssign,
            P::PartnershipsManage,
        ],
    ),
    ("Enable 2FA for users", &[P::UsersRequire2fa]),
    // Managing equipment includes seeing it.
    (
        "Manage (create/ calibrate/ re-calibrate/ edit/ archive) printing equipment",
        &[P::EquipmentManage, P::EquipmentView],
    ),
    (
        "Manage (create/ edit/ archive) substrates",
        &[P::SubstratesManage],
    ),
    (
        "Manage (view/ cancel/ archive) work orders",
        &[P::WorkOrdersView, P::WorkOrdersCancel, P::WorkOrdersArchive],
    ),
    (
        "Generate Scantrust Secure Code (SSC) from a work order",
        &[P::WorkOrdersGenerateSsc],
    ),
    (
        "Download serial number and Scantrust codes from a work order",
        &[P::WorkOrdersDownloadCodes],
    ),
    (
        "Conduct equipment calibration and QA on Scantrust Secure Code work order on Scantrust Printer app",
        &[P::PrinterAppCalibrateQa],
    ),
    ("View Printing Equipment", &[P::EquipmentView]),
    (
        "View and archive work orders",
        &[P::WorkOrdersView, P::WorkOrdersArchive],
    ),
];

fn bullets_of(role: Role) -> Vec<&'static str> {
    match role {
        Role::AccountAdminPrint => vec![
            "Manage companies, users and partnerships",
            "Enable 2FA for users",
            "Manage (create/ calibrate/ re-calibrate/ edit/ archive) printing equipment",
            "Manage (create/ edit/ archive) substrates",
            "Manage (view/ cancel/ archive) work orders",
            "Generate Scantrust Secure Code (SSC) from a work order",
            "Download serial number and Scantrust codes from a work order",
            "Conduct equipment calibration and QA on Scantrust Secure Code work order on Scantrust Printer app",
        ],
        Role::WorkOrderManager => vec![
            "View Printing Equipment",
            "View and archive work orders",
            "Generate Scantrust Secure Code (SSC) from a work order",
            "Download serial number and Scantrust codes from a work order",
        ],
        _ => vec![
            "Conduct equipment calibration and QA on Scantrust Secure Code work order on Scantrust Printer app",
        ],
    }
}

fn permissions_of(bullet: &str) -> &'static [Permission] {
    BULLETS
        .iter()
        .find(|(b, _)| *b == bullet)
        .map(|(_, p)| *p)
        .unwrap_or(&[])
}

/// Everything a printing company's roles could be given by Scantrust.
fn scantrust_rights() -> Vec<Permission> {
    let mut all: Vec<Permission> = BULLETS
        .iter()
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    all.push(P::PortalAccess);
    all.sort();
    all.dedup();
    all
}

const ROLES: [Role; 3] = [
    Role::AccountAdminPrint,
    Role::WorkOrderManager,
    Role::PrintOperator,
];

#[test]
fn every_bullet_holds_for_its_role_and_every_other_right_is_denied() {
    for role in ROLES {
        cite(SEED, role.name());
        let who = person(role, Scope::Company(INKWORKS));
        let granted: Vec<Permission> = bullets_of(role)
            .iter()
            .flat_map(|b| {
                cite(SEED, b);
                permissions_of(b).iter().copied()
            })
            .collect();
        for p in scantrust_rights() {
            let expected =
                granted.contains(&p) || (p == P::PortalAccess && role != Role::PrintOperator);
            assert_eq!(
                may(&who, p, &mine(p, INKWORKS)),
                expected,
                "{} / {}",
                role.name(),
                p.slug()
            );
        }
    }
}

#[test]
fn the_print_operator_has_no_portal_access_only_the_printer_app() {
    cite(
        SEED,
        "This role does not have access to the Scantrust Enterprise Web Portal and is only able to access the Scantrust Printer app.",
    );
    let op = person(Role::PrintOperator, Scope::Company(INKWORKS));
    assert!(!may(
        &op,
        P::PortalAccess,
        &Resource::new(ResourceKind::Portal)
    ));
    assert!(may(
        &op,
        P::PrinterAppCalibrateQa,
        &Resource::in_company(ResourceKind::PrinterApp, INKWORKS)
    ));
    assert!(!Role::PrintOperator.def().portal_access);
    assert_eq!(Role::PrintOperator.def().startup, StartupScreen::PrinterApp);
}

#[test]
fn only_the_account_admin_assigns_roles_and_modifies_users() {
    cite(
        SEED,
        "You must be your company Account Admin (Print) in order to perform role assignment and user modification.",
    );
    let target = AssignTarget {
        company_kind: Some(CompanyKind::PrintPartner),
        customer_family: None,
        has_tenant_admin: false,
    };
    for role in ROLES {
        let who = principal(person(role, Scope::Company(INKWORKS)));
        let d = may_assign(
            &who,
            Role::PrintOperator.into(),
            None,
            Scope::Company(INKWORKS),
            &target,
        );
        assert_eq!(
            d.is_allowed(),
            role == Role::AccountAdminPrint,
            "{}",
            role.name()
        );
        let edit = authorize(&who, P::UsersEdit, &mine(P::UsersEdit, INKWORKS)).is_allowed();
        assert_eq!(edit, role == Role::AccountAdminPrint);
    }
}

#[test]
fn a_print_partner_role_cannot_be_given_in_a_customer_company() {
    let admin = principal(person(Role::Admin, Scope::Platform));
    let d = may_assign(
        &admin,
        Role::WorkOrderManager.into(),
        None,
        Scope::Company(ACME),
        &company_target(Family::Storefront),
    );
    assert_eq!(d, Decision::Deny(Denied::WrongScope));
}

#[test]
fn a_print_partners_roles_reach_only_its_own_company() {
    let aap = person(Role::AccountAdminPrint, Scope::Company(INKWORKS));
    assert!(!may(
        &aap,
        P::WorkOrdersView,
        &mine(P::WorkOrdersView, GLOBEX)
    ));
}
