//! Inviting people and acting on members: who may, where, and what the
//! seeds forbid (Dispatcher: "invite users"; PrintJob: a department manager
//! cannot create users; nobody locks out their own account).
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

fn member_in(company: CompanyId, department: Option<DepartmentId>, id: UserId) -> Resource {
    let mut r = Resource::in_company(ResourceKind::User, company)
        .with_owner(id)
        .with_id(id.0);
    r.department = department;
    r
}

#[test]
fn a_tenant_admin_may_invite_a_tenant_user_into_their_company() {
    let admin = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    let target = AssignTarget {
        company_kind: Some(CompanyKind::Customer),
        customer_family: Some(Family::Storefront),
        has_tenant_admin: true,
    };
    assert!(
        may_invite(
            &admin,
            Role::TenantUser.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
    assert!(
        !may_invite(
            &admin,
            Role::TenantUser.into(),
            None,
            Scope::Company(GLOBEX),
            &target
        )
        .is_allowed(),
        "not into another company"
    );
}

#[test]
fn a_storefront_department_manager_invites_only_into_their_department() {
    let manager = principal(person(
        Role::StorefrontDepartmentManager,
        Scope::Department(ACME, SALES),
    ));
    let target = company_target(Family::Storefront);
    let customer: RoleRef = Role::Customer.into();
    assert!(
        may_invite(
            &manager,
            customer,
            None,
            Scope::Department(ACME, SALES),
            &target
        )
        .is_allowed()
    );
    assert!(
        !may_invite(
            &manager,
            customer,
            None,
            Scope::Department(ACME, MARKETING),
            &target
        )
        .is_allowed()
    );
    assert!(!may_invite(&manager, customer, None, Scope::Company(ACME), &target).is_allowed());
}

#[test]
fn a_corporate_department_manager_cannot_invite_users() {
    let manager = principal(person(
        Role::CorporateDepartmentManager,
        Scope::Department(GLOBEX, GLOBEX_OPS),
    ));
    let target = company_target(Family::Corporate);
    let d = may_invite(
        &manager,
        Role::ClientUser.into(),
        None,
        Scope::Department(GLOBEX, GLOBEX_OPS),
        &target,
    );
    assert!(!d.is_allowed(), "{d:?}");
}

#[test]
fn a_customer_cannot_invite_anyone() {
    let customer = principal(person(Role::Customer, Scope::Company(ACME)));
    let target = company_target(Family::Storefront);
    assert!(
        !may_invite(
            &customer,
            Role::Customer.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
}

#[test]
fn a_tenant_manager_invites_the_first_tenant_super_admin_of_a_managed_tenant() {
    let mut manager = UserPrincipal::active(ME).with(Role::TenantManager, Scope::Company(DEALER));
    manager.managed_tenants.push(INITECH);
    let manager = principal(manager);
    let fresh = AssignTarget {
        company_kind: Some(CompanyKind::Customer),
        customer_family: Some(Family::Storefront),
        has_tenant_admin: false,
    };
    assert!(
        may_invite(
            &manager,
            Role::TenantSuperAdmin.into(),
            None,
            Scope::Company(INITECH),
            &fresh
        )
        .is_allowed()
    );
}

/// A member holding `roles` (at their scopes), seen through `places`.
fn member(id: UserId, places: &[Resource], roles: &[(Role, Scope)]) -> MemberView {
    MemberView::new(
        id,
        places.to_vec(),
        roles.iter().map(|(r, s)| Assignment::new(*r, *s)).collect(),
    )
}

#[test]
fn a_senior_manager_may_suspend_a_member_of_their_company_only() {
    let senior = principal(person(Role::SeniorManager, Scope::Company(GLOBEX)));
    let colleague = member(
        COLLEAGUE,
        &[member_in(GLOBEX, Some(GLOBEX_OPS), COLLEAGUE)],
        &[(Role::ClientUser, Scope::Company(GLOBEX))],
    );
    let stranger = member(
        STRANGER,
        &[member_in(ACME, None, STRANGER)],
        &[(Role::Customer, Scope::Company(ACME))],
    );
    assert!(may_act_on_member(&senior, Permission::UsersSuspend, &colleague).is_allowed());
    assert!(!may_act_on_member(&senior, Permission::UsersSuspend, &stranger).is_allowed());
}

#[test]
fn an_account_in_two_companies_is_changed_only_by_someone_who_reaches_both() {
    let senior = principal(person(Role::SeniorManager, Scope::Company(GLOBEX)));
    let both = member(
        COLLEAGUE,
        &[
            member_in(ACME, None, COLLEAGUE),
            member_in(GLOBEX, None, COLLEAGUE),
        ],
        &[
            (Role::Customer, Scope::Company(ACME)),
            (Role::ClientUser, Scope::Company(GLOBEX)),
        ],
    );
    for p in [
        Permission::UsersSuspend,
        Permission::UsersReset2fa,
        Permission::UsersRequire2fa,
        Permission::UsersResendCredentials,
    ] {
        let d = may_act_on_member(&senior, p, &both);
        assert!(matches!(d, Decision::Deny(_)), "{p:?}: {d:?}");
    }
    let platform = principal(admin());
    assert!(may_act_on_member(&platform, Permission::UsersSuspend, &both).is_allowed());
}

#[test]
fn a_tenant_admin_cannot_change_the_account_of_platform_staff() {
    // tom@acme.test and junior@imprimatur.test, a Junior Admin for Acme.
    let tom = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    let junior = member(
        COLLEAGUE,
        &[member_in(ACME, None, COLLEAGUE)],
        &[(Role::JuniorAdmin, Scope::Company(ACME))],
    );
    for p in [Permission::UsersSuspend, Permission::UsersReset2fa] {
        assert!(!may_act_on_member(&tom, p, &junior).is_allowed(), "{p:?}");
    }
    assert!(
        may_act_on_member(&principal(admin()), Permission::UsersSuspend, &junior).is_allowed(),
        "the Admin outranks a Junior Admin"
    );
}

#[test]
fn a_tenant_admin_cannot_reset_the_second_factor_of_a_tenant_super_admin() {
    let tom = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    let tina = member(
        COLLEAGUE,
        &[member_in(ACME, None, COLLEAGUE)],
        &[(Role::TenantSuperAdmin, Scope::Company(ACME))],
    );
    assert!(!may_act_on_member(&tom, Permission::UsersReset2fa, &tina).is_allowed());
    let other_admin = member(
        COLLEAGUE,
        &[member_in(ACME, None, COLLEAGUE)],
        &[(Role::TenantAdmin, Scope::Company(ACME))],
    );
    assert!(
        may_act_on_member(&tom, Permission::UsersReset2fa, &other_admin).is_allowed(),
        "an equal rank is within reach"
    );
}

#[test]
fn nobody_suspends_their_own_account() {
    let admin = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    let me = member(ME, &[member_in(ACME, None, ME)], &[]);
    let d = may_act_on_member(&admin, Permission::UsersSuspend, &me);
    assert!(matches!(d, Decision::Deny(Denied::SeedLimit(_))), "{d:?}");
}

#[test]
fn a_member_seen_through_nothing_cannot_be_acted_on() {
    let admin = principal(UserPrincipal::active(ME).with(Role::Admin, Scope::Platform));
    let nowhere = member(COLLEAGUE, &[], &[]);
    assert!(!may_act_on_member(&admin, Permission::UsersSuspend, &nowhere).is_allowed());
}

fn admin() -> UserPrincipal {
    UserPrincipal::active(ME).with(Role::Admin, Scope::Platform)
}

#[test]
fn a_platform_admin_may_sign_in_as_a_customer() {
    let customer = UserPrincipal::active(COLLEAGUE).with(Role::Customer, Scope::Company(ACME));
    let seen = [member_in(ACME, None, COLLEAGUE)];
    assert!(may_impersonate(&principal(admin()), &customer, &seen).is_allowed());
}

#[test]
fn nobody_else_may_sign_in_as_another_user() {
    let customer = UserPrincipal::active(COLLEAGUE).with(Role::Customer, Scope::Company(ACME));
    let seen = [member_in(ACME, None, COLLEAGUE)];
    for role in [
        Role::TenantSuperAdmin,
        Role::CompanyManager,
        Role::SeniorManager,
    ] {
        let actor = principal(person(role, Scope::Company(ACME)));
        assert!(
            !may_impersonate(&actor, &customer, &seen).is_allowed(),
            "{role:?}"
        );
    }
}

#[test]
fn an_admin_never_signs_in_as_an_equal_or_higher_admin() {
    let other_admin = UserPrincipal::active(COLLEAGUE).with(Role::Admin, Scope::Platform);
    let d = may_impersonate(&principal(admin()), &other_admin, &[]);
    assert!(matches!(d, Decision::Deny(Denied::SeedLimit(_))), "{d:?}");
}

#[test]
fn impersonation_is_never_nested_and_needs_an_active_target() {
    let customer = UserPrincipal::active(COLLEAGUE).with(Role::Customer, Scope::Company(ACME));
    let seen = [member_in(ACME, None, COLLEAGUE)];
    let mut acting = admin();
    acting.impersonated_by = Some(STRANGER);
    assert!(!may_impersonate(&principal(acting), &customer, &seen).is_allowed());
    let mut suspended = customer.clone();
    suspended.state = UserState::Suspended;
    assert!(!may_impersonate(&principal(admin()), &suspended, &seen).is_allowed());
    assert!(
        !may_impersonate(&principal(admin()), &admin(), &[]).is_allowed(),
        "oneself"
    );
}

#[test]
fn a_tenant_admin_gives_a_member_group_roles_but_never_an_administrator_role() {
    let admin = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    let target = company_target(Family::Storefront);
    let give = |role: Role, scope| may_give_to_group(&admin, role.into(), None, scope, &target);
    assert!(give(Role::TenantUser, Scope::Company(ACME)).is_allowed());
    assert!(!give(Role::TenantUser, Scope::Company(GLOBEX)).is_allowed());
    for role in [Role::TenantAdmin, Role::TenantSuperAdmin, Role::Admin] {
        assert_eq!(
            give(role, Scope::Company(ACME)),
            Decision::Deny(Denied::SeedLimit(
                "administrator roles are given to people, not groups"
            )),
            "{role:?}"
        );
    }
}

#[test]
fn a_company_manager_without_group_rights_gives_no_group_a_role() {
    let manager = principal(person(Role::CompanyManager, Scope::Company(ACME)));
    let target = company_target(Family::Storefront);
    // They may give the role to a person, so only the group rule refuses.
    assert!(
        may_assign(
            &manager,
            Role::Customer.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
    assert!(
        !may_give_to_group(
            &manager,
            Role::Customer.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
}

#[test]
fn what_a_viewer_sees_of_a_member_hides_other_companies_and_keeps_the_answer() {
    let tom = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    let both = member(
        COLLEAGUE,
        &[
            member_in(ACME, Some(SALES), COLLEAGUE),
            member_in(GLOBEX, Some(GLOBEX_OPS), COLLEAGUE),
        ],
        &[
            (Role::Customer, Scope::Company(ACME)),
            (Role::SeniorManager, Scope::Company(GLOBEX)),
        ],
    );
    let seen = both.as_seen_by(&tom);
    assert!(
        seen.seen_through.iter().all(|r| r.company != Some(GLOBEX)),
        "{seen:?}"
    );
    assert!(seen.roles.iter().all(|a| a.scope.company() != Some(GLOBEX)));
    for p in [Permission::UsersSuspend, Permission::UsersReset2fa] {
        assert_eq!(
            may_act_on_member(&tom, p, &seen).is_allowed(),
            may_act_on_member(&tom, p, &both).is_allowed(),
            "{p:?}"
        );
    }
    let only_acme = member(
        COLLEAGUE,
        &[member_in(ACME, Some(SALES), COLLEAGUE)],
        &[(Role::Customer, Scope::Company(ACME))],
    );
    assert_eq!(only_acme.as_seen_by(&tom), only_acme, "nothing to hide");
}
