//! PrintShop Mail Web (seed 003): the customer role ladder, bullet by bullet.
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

const SEED: &str = include_str!("seeds/printshop_mail_web.txt");
use Permission as P;

/// The Customer's bullets and what each stands for (own jobs).
const CUSTOMER: &[(&str, &[Permission])] = &[
    ("Retrieve a new password", &[P::PasswordRetrieve]),
    ("Create and order print jobs", &[P::OrdersCreate]),
    ("Edit job content", &[P::OrdersEditContent]),
    ("Request a quote", &[P::QuotesRequest]),
    (
        "Adjust the job status (on hold and shipping)",
        &[P::OrdersHold, P::OrdersShipping],
    ),
    ("Request an overview of print jobs", &[P::OrdersView]),
    ("Re-order print jobs", &[P::OrdersReorder]),
    ("Search for specific print jobs", &[P::OrdersSearch]),
];

/// The ladder, lowest first: "has the same privileges as ... and can also".
const LADDER: [Role; 5] = [
    Role::Customer,
    Role::CustomerPlus,
    Role::PowerUser,
    Role::StorefrontDepartmentManager,
    Role::CompanyManager,
];

fn member(role: Role) -> UserPrincipal {
    let scope = if role == Role::StorefrontDepartmentManager {
        Scope::Department(ACME, SALES)
    } else {
        Scope::Company(ACME)
    };
    person(role, scope).in_department(SALES)
}

#[test]
fn every_customer_bullet_holds_for_customers_and_everyone_above_them() {
    cite(SEED, "Customer: These users can:");
    for role in LADDER {
        for (line, permissions) in CUSTOMER {
            cite(SEED, line);
            for p in *permissions {
                assert!(
                    may(&member(role), *p, &mine(*p, ACME)),
                    "{} / {line}",
                    role.name()
                );
            }
        }
    }
}

#[test]
fn each_role_has_all_rights_of_the_one_before() {
    cite(
        SEED,
        "Customer Plus: Has the same privileges as the Customer and can also:",
    );
    cite(
        SEED,
        "the same privileges as the Customer Plus role with the following",
    );
    cite(SEED, "same privileges as power users and can also:");
    cite(
        SEED,
        "have the same privileges as department managers and can also:",
    );
    for pair in LADDER.windows(2) {
        for p in Permission::ALL {
            for reach in pair[0].reaches(*p) {
                assert!(
                    pair[1].reaches(*p).any(|r| r.covers(reach)),
                    "{} lacks {} ({reach:?}) of {}",
                    pair[1].name(),
                    p.slug(),
                    pair[0].name()
                );
            }
        }
    }
}

#[test]
fn a_customer_cannot_approve_even_their_own_jobs() {
    let own = order(ACME, Some(SALES), ME);
    assert!(!may(&member(Role::Customer), P::OrdersApprove, &own));
}

#[test]
fn customer_plus_approves_their_own_print_jobs_only() {
    cite(SEED, "Approve their own print jobs");
    let cp = member(Role::CustomerPlus);
    assert!(may(&cp, P::OrdersApprove, &order(ACME, Some(SALES), ME)));
    assert!(!may(
        &cp,
        P::OrdersApprove,
        &order(ACME, Some(SALES), COLLEAGUE)
    ));
}

#[test]
fn a_power_user_approves_jobs_of_the_same_department_but_not_another() {
    cite(
        SEED,
        "Approve print jobs for users in the same department (or company if there are no departments)",
    );
    let pu = member(Role::PowerUser);
    assert!(may(
        &pu,
        P::OrdersApprove,
        &order(ACME, Some(SALES), COLLEAGUE)
    ));
    assert!(!may(
        &pu,
        P::OrdersApprove,
        &order(ACME, Some(MARKETING), COLLEAGUE)
    ));
    assert!(!may(
        &pu,
        P::OrdersApprove,
        &order(GLOBEX, Some(SALES), COLLEAGUE)
    ));
    assert!(may(&pu, P::OrdersApprove, &order(ACME, Some(SALES), ME)));
}

#[test]
fn a_power_user_in_a_company_without_departments_approves_for_the_company() {
    let pu = person(Role::PowerUser, Scope::Company(ACME));
    assert!(may(&pu, P::OrdersApprove, &order(ACME, None, COLLEAGUE)));
    assert!(!may(&pu, P::OrdersApprove, &order(GLOBEX, None, COLLEAGUE)));
}

#[test]
fn a_power_user_assigned_in_a_department_is_explained_by_it() {
    let pu = person(Role::PowerUser, Scope::Department(ACME, SALES));
    let d = authorize(
        &principal(pu),
        P::OrdersApprove,
        &order(ACME, Some(SALES), COLLEAGUE),
    );
    assert_eq!(
        d.explain(&NumericNames),
        "Allowed by Power User in department 10 (in their department)."
    );
}

#[test]
fn a_department_manager_adds_assigns_and_deletes_users_within_their_departments_only() {
    cite(
        SEED,
        "Add, assign and delete users within their department(s)",
    );
    cite(SEED, "Modify details within their department(s)");
    let dm = member(Role::StorefrontDepartmentManager);
    for p in [
        P::UsersCreate,
        P::UsersDelete,
        P::RolesAssign,
        P::DepartmentsEdit,
    ] {
        assert!(
            may(&dm, p, &thing(p, ACME, Some(SALES), COLLEAGUE)),
            "{}",
            p.slug()
        );
        assert!(
            !may(&dm, p, &thing(p, ACME, Some(MARKETING), COLLEAGUE)),
            "{}",
            p.slug()
        );
        assert!(
            !may(&dm, p, &thing(p, ACME, None, COLLEAGUE)),
            "{} company-wide",
            p.slug()
        );
    }
    let actor = principal(dm);
    let target = company_target(Family::Storefront);
    assert!(
        may_assign(
            &actor,
            Role::PowerUser.into(),
            None,
            Scope::Department(ACME, SALES),
            &target
        )
        .is_allowed()
    );
    assert!(
        !may_assign(
            &actor,
            Role::PowerUser.into(),
            None,
            Scope::Department(ACME, MARKETING),
            &target
        )
        .is_allowed()
    );
    assert!(
        !may_assign(
            &actor,
            Role::CompanyManager.into(),
            None,
            Scope::Company(ACME),
            &target
        )
        .is_allowed()
    );
}

#[test]
fn a_department_manager_cannot_add_departments() {
    let dm = member(Role::StorefrontDepartmentManager);
    assert!(!may(
        &dm,
        P::DepartmentsCreate,
        &thing(P::DepartmentsCreate, ACME, Some(SALES), ME)
    ));
}

#[test]
fn a_company_manager_assigns_every_customer_role_up_to_company_manager() {
    cite(
        SEED,
        "Add, assign and delete customers, customers plus, power users, department managers and",
    );
    cite(
        SEED,
        "company managers within the company and within departments",
    );
    let cm = principal(member(Role::CompanyManager));
    let target = company_target(Family::Storefront);
    for role in LADDER {
        let scope = if role == Role::StorefrontDepartmentManager {
            Scope::Department(ACME, MARKETING)
        } else {
            Scope::Company(ACME)
        };
        assert!(
            may_assign(&cm, role.into(), None, scope, &target).is_allowed(),
            "{}",
            role.name()
        );
        assert!(!may_assign(&cm, role.into(), None, Scope::Company(GLOBEX), &target).is_allowed());
    }
    for role in [
        Role::TenantSuperAdmin,
        Role::TenantAdmin,
        Role::CompanyAdministrator,
    ] {
        assert!(
            !may_assign(&cm, role.into(), None, Scope::Company(ACME), &target).is_allowed(),
            "{}",
            role.name()
        );
    }
}

#[test]
fn a_company_manager_adds_departments_assigns_publication_types_and_modifies_settings() {
    cite(SEED, "Add departments");
    cite(SEED, "Assign publication types to a department");
    cite(SEED, "Modify the company, departments and users settings");
    let cm = member(Role::CompanyManager);
    for p in [
        P::DepartmentsCreate,
        P::DepartmentsAssignPublicationTypes,
        P::CompanyEdit,
        P::DepartmentsEdit,
        P::UsersEdit,
    ] {
        assert!(
            may(&cm, p, &thing(p, ACME, Some(MARKETING), COLLEAGUE)),
            "{}",
            p.slug()
        );
        assert!(
            !may(&cm, p, &thing(p, GLOBEX, None, COLLEAGUE)),
            "{}",
            p.slug()
        );
    }
}

fn product(department: Option<DepartmentId>, publication_type: &str) -> Resource {
    let p =
        Resource::in_company(ResourceKind::Product, ACME).with_publication_type(publication_type);
    match department {
        Some(d) => p.with_department(d),
        None => p,
    }
}

#[test]
fn a_department_limited_to_publication_types_sees_and_orders_only_products_of_those_types() {
    cite(SEED, "Assign publication types to a department");
    let limited = member(Role::Customer).limit_department(SALES, ["Marketing material"]);
    let flyer = product(Some(SALES), "Marketing material");
    let sales_cards = product(Some(SALES), "Stationery");
    let cards = product(None, "Stationery");
    let poster = product(None, "Marketing material");
    for (what, resource, seen) in [
        ("the department's flyer", &flyer, true),
        ("the department's cards", &sales_cards, false),
        ("company-wide cards", &cards, false),
        ("a company-wide poster", &poster, true),
    ] {
        assert_eq!(may(&limited, P::ProductsView, resource), seen, "{what}");
        let filter = visibility(
            &principal(limited.clone()),
            P::ProductsView,
            ResourceKind::Product,
        );
        assert_eq!(filter.matches(resource), seen, "{what} in the list");
    }
    // Another department of theirs that orders every type opens the company-wide ones again.
    let also_marketing = limited.clone().in_department(MARKETING);
    assert!(may(&also_marketing, P::ProductsView, &cards));
    assert!(!may(&also_marketing, P::ProductsView, &sales_cards));
    // Without a publication type, a limited product is never reached by accident.
    let untyped = Resource::in_company(ResourceKind::Product, ACME).with_department(SALES);
    assert!(!may(&limited, P::ProductsView, &untyped));
    // The Company Manager sees the whole company's catalog whatever the limits.
    let cm = member(Role::CompanyManager).limit_department(SALES, ["Marketing material"]);
    assert!(may(&cm, P::ProductsView, &sales_cards));
    assert!(may(&cm, P::ProductsView, &cards));
}

#[test]
fn a_public_customer_creates_orders_and_approves_their_own_and_nothing_more() {
    cite(
        SEED,
        "Public Customer: This role is given to new customers who created an account before proceeding",
    );
    cite(SEED, "functionality. They can:");
    let pc = person(Role::PublicCustomer, Scope::Company(ACME));
    assert!(may(&pc, P::OrdersCreate, &order(ACME, None, ME)));
    assert!(may(&pc, P::OrdersApprove, &order(ACME, None, ME)));
    assert!(!may(&pc, P::OrdersApprove, &order(ACME, None, COLLEAGUE)));
    for p in [
        P::OrdersEditContent,
        P::QuotesRequest,
        P::OrdersReorder,
        P::OrdersHold,
        P::OrdersSearch,
    ] {
        assert!(!may(&pc, p, &mine(p, ACME)), "{}", p.slug());
    }
}

#[test]
fn the_start_up_screen_follows_the_role() {
    cite(
        SEED,
        "level of authority but also the start-up screen they will be able to view when they log in.",
    );
    assert_eq!(
        Role::PublicCustomer.def().startup,
        StartupScreen::Storefront
    );
    assert_eq!(Role::PowerUser.def().startup, StartupScreen::Approvals);
    assert_eq!(Role::CompanyManager.def().startup, StartupScreen::Company);
}

#[test]
fn built_in_roles_cannot_be_edited_but_custom_roles_can_by_those_allowed() {
    cite(SEED, "Administrators can create new roles in the Settings");
    let admin = principal(person(Role::TenantAdmin, Scope::Company(ACME)));
    assert_eq!(
        may_edit_role(&admin, Role::Customer.into(), ACME),
        Decision::Deny(Denied::SystemRole)
    );
    assert!(may_edit_role(&admin, RoleRef::Custom(CustomRoleId(1)), ACME).is_allowed());
    assert!(!may_edit_role(&admin, RoleRef::Custom(CustomRoleId(1)), GLOBEX).is_allowed());
    let cm = principal(member(Role::CustomerPlus));
    assert!(!may_edit_role(&cm, RoleRef::Custom(CustomRoleId(1)), ACME).is_allowed());
}

#[test]
fn job_content_can_be_edited_until_the_job_is_approved() {
    cite(SEED, "Edit job content");
    let me = member(Role::Customer);
    let job = |s| order(ACME, Some(SALES), ME).with_state(s);
    for s in [
        ResourceState::Draft,
        ResourceState::AwaitingApproval,
        ResourceState::Rejected,
        ResourceState::OnHold,
    ] {
        assert!(may(&me, P::OrdersEditContent, &job(s)), "{s:?}");
    }
    for s in [
        ResourceState::Approved,
        ResourceState::Shipped,
        ResourceState::Archived,
    ] {
        let d = authorize(&principal(me.clone()), P::OrdersEditContent, &job(s));
        assert_eq!(d, Decision::Deny(Denied::ResourceState), "{s:?}");
    }
}

#[test]
fn only_a_job_that_waits_for_approval_can_be_approved() {
    let pu = member(Role::PowerUser);
    let job = |s| order(ACME, Some(SALES), COLLEAGUE).with_state(s);
    assert!(may(
        &pu,
        P::OrdersApprove,
        &job(ResourceState::AwaitingApproval)
    ));
    assert!(!may(&pu, P::OrdersApprove, &job(ResourceState::Approved)));
    let f = visibility(&principal(pu), P::OrdersApprove, ResourceKind::Order);
    assert!(f.matches(&job(ResourceState::AwaitingApproval)));
    assert!(!f.matches(&job(ResourceState::Draft)));
}
