//! PrintJob (seed 002): each role paragraph — system users and their states,
//! Admin and Junior Admin, client users, Senior and Department Managers,
//! Approvers and External Approvers.
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

const SEED: &str = include_str!("seeds/printjob.txt");
use Permission as P;

fn client_user() -> UserPrincipal {
    person(Role::ClientUser, Scope::Company(ACME)).in_department(SALES)
}
fn senior_manager() -> UserPrincipal {
    person(Role::SeniorManager, Scope::Company(ACME)).with(Role::ClientUser, Scope::Company(ACME))
}
fn department_manager() -> UserPrincipal {
    person(
        Role::CorporateDepartmentManager,
        Scope::Department(ACME, SALES),
    )
    .with(Role::ClientUser, Scope::Company(ACME))
    .in_department(SALES)
}

#[test]
fn inactive_and_suspended_users_cannot_sign_in_or_do_anything() {
    cite(
        SEED,
        "All users of the system (except inactive and suspended users), who must login using their email address and password.",
    );
    cite(SEED, "While they are suspended these users cannot login.");
    for state in [UserState::Inactive, UserState::Suspended] {
        let mut u = senior_manager();
        u.state = state;
        for p in Permission::ALL {
            let d = authorize(&principal(u.clone()), *p, &mine(*p, ACME));
            assert_eq!(
                d,
                Decision::Deny(Denied::AccountState(state)),
                "{}",
                p.slug()
            );
        }
        assert_eq!(
            visibility(&principal(u), P::OrdersView, ResourceKind::Order),
            Filter::None
        );
    }
}

#[test]
fn a_reactivated_user_has_lost_nothing() {
    cite(
        SEED,
        "Once re-activated they can resume their accounts without having lost anything.",
    );
    let mut u = senior_manager();
    let job = order(ACME, Some(SALES), COLLEAGUE);
    u.state = UserState::Suspended;
    assert!(!may(&u, P::OrdersApprove, &job));
    u.state = UserState::Active;
    assert!(may(&u, P::OrdersApprove, &job));
}

#[test]
fn an_unverified_user_may_only_accept_their_own_invitation() {
    cite(
        SEED,
        "All system users must verify their email address by clicking a link in an email when they first get invited/created.",
    );
    let mut u = senior_manager();
    u.state = UserState::Invited;
    let own = Resource::new(ResourceKind::Account).with_owner(ME);
    assert!(authorize(&principal(u.clone()), P::InvitationAccept, &own).is_allowed());
    let theirs = Resource::new(ResourceKind::Account).with_owner(COLLEAGUE);
    assert!(!authorize(&principal(u.clone()), P::InvitationAccept, &theirs).is_allowed());
    assert!(
        !authorize(
            &principal(u),
            P::PortalAccess,
            &Resource::new(ResourceKind::Portal)
        )
        .is_allowed()
    );
}

#[test]
fn an_admin_accesses_all_areas_and_can_login_as_anyone() {
    cite(SEED, "Can access all areas in the Admin System.");
    cite(SEED, "Can also login as anyone else, as a guest.");
    let admin = person(Role::Admin, Scope::Platform);
    // Accepting an invitation belongs to an invited account's state, not to any role.
    for p in Permission::ALL
        .iter()
        .filter(|p| **p != P::InvitationAccept)
    {
        for company in [ACME, GLOBEX, INKWORKS] {
            assert!(
                may(&admin, *p, &thing(*p, company, Some(SALES), STRANGER)),
                "{}",
                p.slug()
            );
        }
    }
    assert_eq!(
        visibility(&principal(admin), P::OrdersView, ResourceKind::Order),
        Filter::All
    );
}

#[test]
fn a_junior_admin_is_restricted_to_assigned_accounts_without_system_or_storefront_settings() {
    cite(
        SEED,
        "Similar to the Admin role except restricted to particular accounts.",
    );
    cite(
        SEED,
        "Junior Admins cannot see any System or Storefront Settings, though they can see all the settings for the Accounts to which they are assigned.",
    );
    let junior = person(Role::JuniorAdmin, Scope::Company(ACME));
    for p in [
        P::SystemSettings,
        P::StorefrontSettings,
        P::AdministratorsManage,
        P::Impersonate,
    ] {
        assert!(
            !may(&junior, p, &thing(p, ACME, None, STRANGER)),
            "{}",
            p.slug()
        );
    }
    for p in [
        P::CompanyEdit,
        P::TenantSettingsEdit,
        P::UsersEdit,
        P::OrdersApprove,
        P::ProductsManage,
    ] {
        assert!(
            may(&junior, p, &thing(p, ACME, Some(SALES), STRANGER)),
            "{}",
            p.slug()
        );
        assert!(
            !may(&junior, p, &thing(p, GLOBEX, Some(SALES), STRANGER)),
            "{}",
            p.slug()
        );
    }
    let f = visibility(&principal(junior), P::OrdersView, ResourceKind::Order);
    assert!(f.matches(&order(ACME, None, STRANGER)) && !f.matches(&order(GLOBEX, None, STRANGER)));
}

#[test]
fn only_admins_create_administrators() {
    cite(
        SEED,
        "Created by Admin users, in System Settings/Administrators.",
    );
    let admin = principal(person(Role::Admin, Scope::Platform));
    let junior = principal(person(Role::JuniorAdmin, Scope::Company(ACME)));
    let target = AssignTarget {
        company_kind: Some(CompanyKind::Customer),
        customer_family: None,
        has_tenant_admin: true,
    };
    assert!(
        may_assign(
            &admin,
            Role::JuniorAdmin.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
    assert!(
        !may_assign(
            &junior,
            Role::JuniorAdmin.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
}

#[test]
fn a_client_user_sees_only_what_admin_built_for_them() {
    cite(
        SEED,
        "Users can see whatever Admin has built for them, or allowed them to see with consideration to Products, Departments and so on..",
    );
    let u = client_user();
    let product = |d: Option<DepartmentId>| {
        let mut r = Resource::in_company(ResourceKind::Product, ACME);
        r.department = d;
        r
    };
    assert!(may(&u, P::ProductsView, &product(None)));
    assert!(may(&u, P::ProductsView, &product(Some(SALES))));
    assert!(!may(&u, P::ProductsView, &product(Some(MARKETING))));
    assert!(!may(
        &u,
        P::OrdersView,
        &order(ACME, Some(SALES), COLLEAGUE)
    ));
    assert!(may(&u, P::OrdersView, &order(ACME, Some(SALES), ME)));
}

#[test]
fn senior_managers_see_and_approve_everything_in_the_company() {
    cite(
        SEED,
        "Senior Managers can see all products, users, addresses, orders, quotes and can approve orders and order stock replenishments.",
    );
    let sm = senior_manager();
    for p in [
        P::ProductsView,
        P::UsersView,
        P::CompanyAddressesView,
        P::PersonalAddressesView,
        P::OrdersView,
        P::QuotesView,
        P::OrdersApprove,
        P::StockReplenish,
    ] {
        assert!(
            may(&sm, p, &thing(p, ACME, Some(MARKETING), STRANGER)),
            "{}",
            p.slug()
        );
        assert!(
            !may(&sm, p, &thing(p, GLOBEX, None, STRANGER)),
            "{}",
            p.slug()
        );
    }
}

#[test]
fn senior_managers_administer_users_but_are_not_role_assigners() {
    cite(
        SEED,
        "They can create add/edit/delete/suspend users, and place users in departments.",
    );
    cite(
        SEED,
        "Senior Managers are assigned by Admin in Client Settings/Managers",
    );
    let sm = senior_manager();
    for p in [
        P::UsersCreate,
        P::UsersEdit,
        P::UsersDelete,
        P::UsersSuspend,
        P::UsersPlaceInDepartments,
    ] {
        assert!(
            may(&sm, p, &thing(p, ACME, Some(MARKETING), STRANGER)),
            "{}",
            p.slug()
        );
    }
    let target = company_target(Family::Corporate);
    assert!(
        !may_assign(
            &principal(sm),
            Role::SeniorManager.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
}

#[test]
fn senior_managers_keep_company_addresses_but_do_not_assign_them_to_departments() {
    cite(
        SEED,
        "They can add/edit/delete all company addresses (but not assign them to departments), as well as see/edit (but not add or delete) all personal addresses belonging to all users.",
    );
    let sm = senior_manager();
    let theirs = |p| thing(p, ACME, Some(MARKETING), STRANGER);
    assert!(may(
        &sm,
        P::CompanyAddressesManage,
        &theirs(P::CompanyAddressesManage)
    ));
    assert!(!may(
        &sm,
        P::CompanyAddressesAssign,
        &theirs(P::CompanyAddressesAssign)
    ));
    assert!(may(
        &sm,
        P::PersonalAddressesView,
        &theirs(P::PersonalAddressesView)
    ));
    assert!(may(
        &sm,
        P::PersonalAddressesEdit,
        &theirs(P::PersonalAddressesEdit)
    ));
    assert!(!may(
        &sm,
        P::PersonalAddressesCreate,
        &theirs(P::PersonalAddressesCreate)
    ));
    assert!(!may(
        &sm,
        P::PersonalAddressesDelete,
        &theirs(P::PersonalAddressesDelete)
    ));
}

#[test]
fn senior_managers_order_on_behalf_of_any_user() {
    cite(
        SEED,
        "Senior Managers can select any address during an order, allowing them to order on behalf of any user.",
    );
    let sm = senior_manager();
    assert!(may(
        &sm,
        P::OrdersOnBehalf,
        &order(ACME, Some(MARKETING), STRANGER)
    ));
    assert!(!may(&sm, P::OrdersOnBehalf, &order(GLOBEX, None, STRANGER)));
}

#[test]
fn department_managers_act_only_within_the_departments_they_manage() {
    cite(
        SEED,
        "Department Managers can see all products, users, addresses, orders, quotes and can approve orders and order stock replenishments which exist or are available to the departments which he/she manages.",
    );
    let dm = department_manager();
    for p in [
        P::ProductsView,
        P::UsersView,
        P::PersonalAddressesView,
        P::OrdersView,
        P::QuotesView,
        P::OrdersApprove,
        P::StockReplenish,
    ] {
        assert!(
            may(&dm, p, &thing(p, ACME, Some(SALES), STRANGER)),
            "{}",
            p.slug()
        );
        assert!(
            !may(&dm, p, &thing(p, ACME, Some(MARKETING), STRANGER)),
            "{}",
            p.slug()
        );
    }
    let f = visibility(&principal(dm), P::OrdersApprove, ResourceKind::Order);
    assert!(f.matches(&order(ACME, Some(SALES), STRANGER)));
    assert!(!f.matches(&order(ACME, Some(MARKETING), STRANGER)));
}

#[test]
fn department_managers_edit_but_never_create_or_delete_addresses_of_others() {
    cite(
        SEED,
        "Department Managers can not edit company addresses, but can edit (but not create or delete) the personal addresses of users they manage.",
    );
    let dm = department_manager();
    let theirs = |p| thing(p, ACME, Some(SALES), STRANGER);
    assert!(!may(
        &dm,
        P::CompanyAddressesManage,
        &theirs(P::CompanyAddressesManage)
    ));
    assert!(may(
        &dm,
        P::PersonalAddressesEdit,
        &theirs(P::PersonalAddressesEdit)
    ));
    assert!(!may(
        &dm,
        P::PersonalAddressesCreate,
        &theirs(P::PersonalAddressesCreate)
    ));
    assert!(!may(
        &dm,
        P::PersonalAddressesDelete,
        &theirs(P::PersonalAddressesDelete)
    ));
    assert!(!may(
        &dm,
        P::PersonalAddressesEdit,
        &thing(P::PersonalAddressesEdit, ACME, Some(MARKETING), STRANGER)
    ));
}

#[test]
fn department_managers_order_on_behalf_of_the_users_they_manage() {
    cite(
        SEED,
        "Department Managers can select these addresses during an order, allowing them to order on behalf of any user they manage.",
    );
    let dm = department_manager();
    assert!(may(
        &dm,
        P::OrdersOnBehalf,
        &order(ACME, Some(SALES), STRANGER)
    ));
    assert!(!may(
        &dm,
        P::OrdersOnBehalf,
        &order(ACME, Some(MARKETING), STRANGER)
    ));
}

#[test]
fn a_department_manager_cannot_create_users() {
    cite(SEED, "Department Managers can not create users.");
    let dm = department_manager();
    for p in [P::UsersCreate, P::UsersInvite] {
        assert!(
            !may(&dm, p, &thing(p, ACME, Some(SALES), STRANGER)),
            "{}",
            p.slug()
        );
    }
}

#[test]
fn approvers_see_exactly_the_orders_they_are_asked_to_approve() {
    cite(
        SEED,
        "Is any Client User designated to approve orders. If this role is carried out by Managers or normal Client Users, they will have access to orders they are requested to approve.",
    );
    let approver = client_user().with(Role::Approver, Scope::Company(ACME));
    let asked = order(ACME, Some(MARKETING), STRANGER).with_approver(ME);
    let not_asked = order(ACME, Some(MARKETING), STRANGER).with_approver(COLLEAGUE);
    assert!(may(&approver, P::OrdersApprove, &asked));
    assert!(may(&approver, P::OrdersView, &asked));
    assert!(!may(&approver, P::OrdersApprove, &not_asked));
    assert!(!may(&approver, P::OrdersView, &not_asked));
    let f = visibility(&principal(approver), P::OrdersApprove, ResourceKind::Order);
    assert!(f.matches(&asked) && !f.matches(&not_asked));
}

#[test]
fn an_external_approver_reaches_one_order_and_only_to_view_and_decide() {
    cite(
        SEED,
        "This nominated approver will receive an email linked to a one off, once-viewed-then-deleted URL.",
    );
    let ext = Principal::ExternalApprover(ExternalApprover {
        order: OrderId(7),
        company: ACME,
        email: "tony@domainx.com".into(),
    });
    let its = order(ACME, Some(SALES), STRANGER);
    assert!(authorize(&ext, P::OrdersApprove, &its).is_allowed());
    assert!(authorize(&ext, P::OrdersView, &its).is_allowed());
    assert!(!authorize(&ext, P::OrdersEditContent, &its).is_allowed());
    let other = order(ACME, Some(SALES), STRANGER).with_id(8);
    assert_eq!(
        authorize(&ext, P::OrdersApprove, &other),
        Decision::Deny(Denied::ExternalApproverLimit)
    );
}

#[test]
fn a_person_holds_roles_in_several_companies_independently() {
    let u = person(Role::SeniorManager, Scope::Company(ACME))
        .with(Role::ClientUser, Scope::Company(GLOBEX));
    assert!(may(&u, P::OrdersApprove, &order(ACME, None, STRANGER)));
    assert!(!may(&u, P::OrdersApprove, &order(GLOBEX, None, STRANGER)));
}

#[test]
fn an_impersonating_admin_cannot_change_the_users_credentials() {
    let mut u = client_user();
    u.impersonated_by = Some(STRANGER);
    let own = Resource::new(ResourceKind::Account).with_owner(ME);
    assert_eq!(
        authorize(&principal(u.clone()), P::ProfileEditOwn, &own),
        Decision::Deny(Denied::WhileImpersonated)
    );
    assert!(may(&u, P::OrdersView, &order(ACME, Some(SALES), ME)));
}

#[test]
fn anonymous_callers_are_denied_with_a_reason() {
    let d = authorize(&Principal::Anonymous, P::OrdersView, &order(ACME, None, ME));
    assert_eq!(d.explain(&NumericNames), "Denied: you are not signed in.");
}

#[test]
fn a_junior_admin_assigns_roles_only_in_assigned_companies() {
    cite(
        SEED,
        "Similar to the Admin role except restricted to particular accounts.",
    );
    let junior = principal(person(Role::JuniorAdmin, Scope::Company(ACME)));
    let target = company_target(Family::Corporate);
    assert!(
        may_assign(
            &junior,
            Role::SeniorManager.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
    assert!(
        !may_assign(
            &junior,
            Role::SeniorManager.into(),
            None,
            Scope::Company(GLOBEX),
            &target
        )
        .is_allowed()
    );
}

/// A replenishment goes to print without an approval step; that is sound
/// only while ordering one comes with approving orders in the same reach.
#[test]
fn whoever_orders_stock_replenishments_also_approves_orders_in_that_reach() {
    let mut holders = 0;
    for role in Role::ALL.iter().copied() {
        for reach in role.reaches(Permission::StockReplenish) {
            holders += 1;
            assert!(
                role.reaches(Permission::OrdersApprove).any(|r| r == reach),
                "{} orders stock {reach:?} but does not approve there",
                role.name()
            );
        }
    }
    assert!(
        holders >= 4,
        "Admin, Junior Admin, Senior and Department Manager"
    );
}
