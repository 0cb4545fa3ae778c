//! Custom roles (PrintShop Mail Web: "Administrators can create new roles"):
//! a subset of what the creator holds, in one family, inside one company.
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

use Permission as P;

fn tenant_admin() -> Principal {
    principal(
        person(Role::TenantAdmin, Scope::Company(ACME))
            .with(Role::CompanyManager, Scope::Company(ACME)),
    )
}

#[test]
fn a_custom_role_within_what_the_creator_holds_is_valid() {
    let grants = [
        (P::OrdersApprove, Reach::Scope),
        (P::OrdersView, Reach::Own),
    ];
    assert_eq!(
        validate_custom_role(&tenant_admin(), ACME, Family::Storefront, &grants),
        vec![]
    );
}

#[test]
fn a_custom_role_cannot_include_what_the_creator_does_not_hold() {
    let grants = [(P::TenantSettingsEdit, Reach::Scope)];
    assert_eq!(
        validate_custom_role(&tenant_admin(), ACME, Family::Tenant, &grants),
        vec![CustomRoleProblem::NotHeld(
            P::TenantSettingsEdit,
            Reach::Scope
        )]
    );
}

#[test]
fn a_custom_role_stays_in_one_family() {
    let grants = [(P::WorkOrdersGenerateSsc, Reach::Scope)];
    let problems = validate_custom_role(
        &principal(person(Role::Admin, Scope::Platform)),
        ACME,
        Family::Storefront,
        &grants,
    );
    assert_eq!(
        problems,
        vec![CustomRoleProblem::NotInFamily(
            P::WorkOrdersGenerateSsc,
            Reach::Scope
        )]
    );
}

#[test]
fn a_custom_role_never_reaches_beyond_its_company() {
    let admin = principal(person(Role::Admin, Scope::Platform));
    let grants = [(P::OrdersView, Reach::Platform)];
    assert_eq!(
        validate_custom_role(&admin, ACME, Family::Storefront, &grants),
        vec![CustomRoleProblem::BeyondCompany(
            P::OrdersView,
            Reach::Platform
        )]
    );
    // And a definition that slipped through anyway is not honoured.
    let mut u = UserPrincipal::active(ME);
    u.custom_roles.push(CustomRole {
        id: CustomRoleId(1),
        company: ACME,
        name: "wide".into(),
        family: Family::Storefront,
        grants: grants.to_vec(),
    });
    u.assignments.push(Assignment::new(
        RoleRef::Custom(CustomRoleId(1)),
        Scope::Company(ACME),
    ));
    assert!(!may(&u, P::OrdersView, &order(GLOBEX, None, STRANGER)));
}

#[test]
fn an_empty_or_platform_custom_role_is_refused_and_so_is_a_creator_without_the_right() {
    let customer = principal(person(Role::Customer, Scope::Company(ACME)));
    let problems = validate_custom_role(&customer, ACME, Family::Platform, &[]);
    assert_eq!(
        problems,
        vec![
            CustomRoleProblem::NotAllowed,
            CustomRoleProblem::PlatformFamily,
            CustomRoleProblem::Empty
        ]
    );
    assert_eq!(
        CustomRoleProblem::Empty.explain(),
        "Choose at least one permission."
    );
}

#[test]
fn a_custom_role_is_assigned_only_inside_its_company_and_explained_by_name() {
    let role = CustomRole {
        id: CustomRoleId(5),
        company: ACME,
        name: "Brand reviewer".into(),
        family: Family::Storefront,
        grants: vec![(P::OrdersApprove, Reach::Scope)],
    };
    let admin = tenant_admin();
    let target = company_target(Family::Storefront);
    assert!(
        may_assign(
            &admin,
            RoleRef::Custom(role.id),
            Some(&role),
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
    assert_eq!(
        may_assign(
            &admin,
            RoleRef::Custom(role.id),
            Some(&role),
            Scope::Company(GLOBEX),
            &target
        ),
        Decision::Deny(Denied::WrongScope)
    );
    let mut u = UserPrincipal::active(ME);
    u.custom_roles.push(role.clone());
    u.assignments.push(Assignment::new(
        RoleRef::Custom(role.id),
        Scope::Company(ACME),
    ));
    struct Named;
    impl Names for Named {
        fn scope(&self, _: Scope) -> String {
            "Acme".into()
        }
        fn custom_role(&self, _: CustomRoleId) -> String {
            "Brand reviewer".into()
        }
        fn group(&self, _: GroupId) -> String {
            String::new()
        }
    }
    let d = authorize(
        &principal(u),
        P::OrdersApprove,
        &order(ACME, None, STRANGER),
    );
    assert_eq!(
        d.explain(&Named),
        "Allowed by Brand reviewer in Acme (within the scope of the role)."
    );
}

#[test]
fn effective_permissions_name_the_assignment_they_come_from() {
    let u = person(Role::PowerUser, Scope::Department(ACME, SALES));
    let eff = effective_permissions(&principal(u));
    let approve: Vec<_> = eff
        .iter()
        .filter(|e| e.permission == P::OrdersApprove)
        .map(|e| e.reach)
        .collect();
    assert_eq!(approve, vec![Reach::Own, Reach::SameDepartment]);
    assert!(
        eff.iter()
            .all(|e| e.from.role == RoleRef::Builtin(Role::PowerUser))
    );
}

#[test]
fn a_custom_role_held_outside_its_company_grants_nothing() {
    let role = CustomRole {
        id: CustomRoleId(2),
        company: ACME,
        name: "admins".into(),
        family: Family::Tenant,
        grants: vec![(P::AdministratorsManage, Reach::Scope)],
    };
    let mut u = UserPrincipal::active(ME);
    u.custom_roles.push(role);
    u.assignments.push(Assignment::new(
        RoleRef::Custom(CustomRoleId(2)),
        Scope::Platform,
    ));
    u.assignments.push(Assignment::new(
        RoleRef::Custom(CustomRoleId(2)),
        Scope::Company(GLOBEX),
    ));
    assert!(!may(
        &u,
        P::AdministratorsManage,
        &Resource::new(ResourceKind::Platform)
    ));
    let target = company_target(Family::Storefront);
    assert!(
        !may_assign(
            &principal(u),
            Role::JuniorAdmin.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
}

#[test]
fn a_customer_company_builds_roles_in_its_own_customer_family_and_the_tenant_family() {
    let families = custom_role_families(CompanyKind::Customer, Some(Family::Storefront));
    assert!(families.contains(&Family::Storefront));
    assert!(families.contains(&Family::Tenant));
    assert!(!families.contains(&Family::Corporate));
    assert!(!families.contains(&Family::Platform));
    assert!(!families.contains(&Family::PrintPartner));
    let partner = custom_role_families(CompanyKind::PrintPartner, None);
    assert_eq!(partner, vec![Family::PrintPartner]);
}

#[test]
fn the_picker_offers_the_family_and_says_why_a_permission_cannot_be_granted() {
    let choices = grant_choices(&tenant_admin(), ACME, Family::Tenant);
    let find = |p: Permission| choices.iter().find(|c| c.permission == p).copied();
    let held = find(P::UsersView).expect("users.view is in the tenant family");
    assert_eq!(held.problem, None);
    let not_held = find(P::TenantSettingsEdit).expect("tenant settings are in the family");
    assert_eq!(
        not_held.problem,
        Some(CustomRoleProblem::NotHeld(
            P::TenantSettingsEdit,
            Reach::Scope
        ))
    );
    // Nothing beyond the company is ever offered.
    assert!(
        choices
            .iter()
            .all(|c| !matches!(c.reach, Reach::Platform | Reach::ManagedTenants))
    );
    // Nothing outside the family either.
    assert!(find(P::WorkOrdersGenerateSsc).is_none());
}

fn helper_role(grants: Vec<(Permission, Reach)>) -> CustomRole {
    CustomRole {
        id: CustomRoleId(7),
        company: ACME,
        name: "Helper".into(),
        family: Family::Tenant,
        grants,
    }
}

#[test]
fn a_change_shows_what_a_holder_gains_and_loses() {
    let role = helper_role(vec![(P::UsersView, Reach::Scope)]);
    let mut holder = person(Role::TenantUser, Scope::Company(ACME));
    holder.assignments.push(Assignment::new(
        RoleRef::Custom(role.id),
        Scope::Company(ACME),
    ));
    holder.custom_roles.push(role.clone());
    let changed = helper_role(vec![(P::UsersResendCredentials, Reach::Scope)]);
    let effect = role_change_effect(&holder, &changed);
    assert_eq!(
        effect.gained,
        vec![(P::UsersResendCredentials, Reach::Scope)]
    );
    assert_eq!(effect.lost, vec![(P::UsersView, Reach::Scope)]);
    assert!(role_change_effect(&holder, &role).is_empty());
}

#[test]
fn a_permission_another_role_gives_is_neither_gained_nor_lost() {
    let role = helper_role(vec![(P::UsersView, Reach::Scope)]);
    let mut holder = person(Role::TenantAdmin, Scope::Company(ACME));
    holder.assignments.push(Assignment::new(
        RoleRef::Custom(role.id),
        Scope::Company(ACME),
    ));
    holder.custom_roles.push(role);
    let changed = helper_role(vec![(P::UsersSuspend, Reach::Scope)]);
    assert!(role_change_effect(&holder, &changed).is_empty());
}
