//! Who must prove a second factor at sign-in (CtrlPrint "Activate 2FA and
//! SSO", "Reset a user's 2FA token"; Scantrust "Enable 2FA for users").
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

#[test]
fn nobody_needs_a_second_factor_when_nothing_requires_one() {
    let customer = person(Role::Customer, Scope::Department(ACME, SALES));
    assert_eq!(
        second_factor_required(&customer, &SecondFactorPolicy::default()),
        None
    );
}

#[test]
fn a_company_that_requires_a_second_factor_requires_it_of_its_members_only() {
    let policy = SecondFactorPolicy {
        companies_requiring: vec![ACME],
        ..SecondFactorPolicy::default()
    };
    let acme = person(Role::Customer, Scope::Department(ACME, SALES));
    let globex = person(Role::Customer, Scope::Company(GLOBEX));
    assert_eq!(
        second_factor_required(&acme, &policy),
        Some(SecondFactorReason::Company(ACME))
    );
    assert_eq!(second_factor_required(&globex, &policy), None);
}

#[test]
fn the_platform_rule_covers_its_staff_and_not_the_companies_members() {
    let policy = SecondFactorPolicy {
        platform_requires_staff: true,
        ..SecondFactorPolicy::default()
    };
    let admin = person(Role::Admin, Scope::Platform);
    let junior = person(Role::JuniorAdmin, Scope::Company(ACME));
    let customer = person(Role::Customer, Scope::Company(ACME));
    assert!(is_platform_staff(&junior));
    assert_eq!(
        second_factor_required(&admin, &policy),
        Some(SecondFactorReason::PlatformStaff)
    );
    assert_eq!(
        second_factor_required(&junior, &policy),
        Some(SecondFactorReason::PlatformStaff)
    );
    assert_eq!(second_factor_required(&customer, &policy), None);
}

#[test]
fn an_administrators_reset_comes_first_and_says_what_to_do() {
    let policy = SecondFactorPolicy {
        reset_by_admin: true,
        required_for_member: true,
        companies_requiring: vec![ACME],
        platform_requires_staff: false,
    };
    let customer = person(Role::Customer, Scope::Company(ACME));
    let reason = second_factor_required(&customer, &policy);
    assert_eq!(reason, Some(SecondFactorReason::ResetByAdmin));
    assert!(
        reason
            .map(|r| r.explain(&NumericNames))
            .is_some_and(|s| s.contains("set up a new one"))
    );
}

#[test]
fn a_member_required_by_an_administrator_is_told_so() {
    let policy = SecondFactorPolicy {
        required_for_member: true,
        ..SecondFactorPolicy::default()
    };
    let operator = person(Role::Customer, Scope::Company(GLOBEX));
    assert_eq!(
        second_factor_required(&operator, &policy),
        Some(SecondFactorReason::RequiredForMember)
    );
}

#[test]
fn only_a_tenant_super_admin_may_set_the_tenants_second_factor_rule() {
    let super_admin = principal(person(Role::TenantSuperAdmin, Scope::Company(ACME)));
    let tenant_admin = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    let elsewhere = principal(person(Role::TenantSuperAdmin, Scope::Company(GLOBEX)));
    assert!(may_set_second_factor_rule(&super_admin, Some(ACME)).is_allowed());
    assert!(!may_set_second_factor_rule(&tenant_admin, Some(ACME)).is_allowed());
    assert!(!may_set_second_factor_rule(&elsewhere, Some(ACME)).is_allowed());
    assert!(!may_set_second_factor_rule(&super_admin, None).is_allowed());
}

#[test]
fn the_platform_admin_sets_the_staff_rule_and_a_junior_admin_does_not() {
    let admin = principal(person(Role::Admin, Scope::Platform));
    let junior = principal(person(Role::JuniorAdmin, Scope::Company(ACME)));
    assert!(may_set_second_factor_rule(&admin, None).is_allowed());
    assert!(may_set_second_factor_rule(&admin, Some(ACME)).is_allowed());
    assert!(!may_set_second_factor_rule(&junior, None).is_allowed());
}
