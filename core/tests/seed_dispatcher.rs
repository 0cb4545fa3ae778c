//! Dispatcher ScanTrip Cloud (seed 001): the "Role Permissions at a Glance"
//! table with its * and ** notes, the super-admin invariant, invitations, and
//! "tenant managers are not members of the tenants they manage".
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

const SEED: &str = include_str!("seeds/dispatcher.txt");
use Permission as P;

/// The table, one row a line: the permission as printed, what it stands for,
/// and marks for Tenant Admin (here: Tenant Super Admin, the first admin),
/// Tenant Manager, Tenant Manager & Admin and User.
///
/// The text copy of the seed lost the table's plain ✓ marks (only ✓* and ✓**
/// survive), so the marks come from the prose above the table, quoted in the
/// tests below: Tenant Admin rows from "Tenant admins can do the following",
/// Tenant Manager rows from "Tenant managers can do the following", Tenant
/// Manager & Admin from "combined permissions of both", User from ✓*.
const TABLE: &[(&str, &[Permission], [bool; 4])] = &[
    (
        "View analytics and contact information for a single tenant",
        &[P::TenantAnalyticsView],
        [true, true, true, false],
    ),
    (
        "View and edit their tenant’s settings",
        &[P::TenantSettingsEdit],
        [true, false, true, false],
    ),
    (
        "Assign or edit the tenant’s name",
        &[P::TenantName],
        [true, false, true, false],
    ),
    (
        "Assign or edit the tenant’s unique URL",
        &[P::TenantUrl],
        [true, false, true, false],
    ),
    (
        "Select the region where the tenant’s data will be stored",
        &[P::TenantRegion],
        [true, false, true, false],
    ),
    (
        "Select the authentication method for the tenant",
        &[P::TenantAuthMethod],
        [true, false, true, false],
    ),
    (
        "Create, configure, and manage workflows ✓*",
        &[P::WorkflowsManage],
        [true, false, true, false],
    ),
    (
        "Input and manage devices",
        &[P::DevicesManage],
        [true, false, true, false],
    ),
    (
        "Invite and manage invitations for tenant admins ✓**",
        &[P::TenantAdminsInvite],
        [true, true, true, false],
    ),
    (
        "Invite and manage invitations for users",
        &[P::UsersInvite],
        [true, false, true, false],
    ),
    (
        "View in-depth reports and analytics about a single tenancy",
        &[P::TenantReportsView],
        [true, false, true, false],
    ),
    (
        "View all configured and unconfigured licenses for which you are a tenant manager",
        &[P::LicensesView],
        [false, true, true, false],
    ),
    (
        "Activate a single license",
        &[P::LicensesActivate],
        [false, true, true, false],
    ),
    (
        "View the status of all tenants (configured and unconfigured)",
        &[P::TenantsViewStatus],
        [false, true, true, false],
    ),
    (
        "Enter and maintain tenant contact information",
        &[P::TenantsContactInfo],
        [false, true, true, false],
    ),
    (
        "View analytics across multiple tenants",
        &[P::AnalyticsAcrossTenants],
        [false, true, true, false],
    ),
];

/// The four columns, for the tenant INITECH, which the dealer manages.
fn columns() -> [UserPrincipal; 4] {
    let mut manager = person(Role::TenantManager, Scope::Company(DEALER));
    manager.managed_tenants.push(INITECH);
    [
        person(Role::TenantSuperAdmin, Scope::Company(INITECH)),
        manager,
        person(Role::TenantManagerAndAdmin, Scope::Company(INITECH)),
        person(Role::TenantUser, Scope::Company(INITECH)),
    ]
}

#[test]
fn every_row_of_the_table_holds_for_every_column() {
    cite(
        SEED,
        "Permission Tenant Admin Tenant Manager Tenant Manager & Admin User",
    );
    let names = [
        "Tenant Admin",
        "Tenant Manager",
        "Tenant Manager & Admin",
        "User",
    ];
    for (line, permissions, marks) in TABLE {
        cite(SEED, line);
        for (i, who) in columns().iter().enumerate() {
            for p in *permissions {
                assert_eq!(
                    may(who, *p, &mine(*p, INITECH)),
                    marks[i],
                    "{} / {line}",
                    names[i]
                );
            }
        }
    }
}

#[test]
fn the_prose_lists_agree_with_the_table() {
    for line in [
        "Assigning a name to their tenant",
        "Assigning a unique URL to their tenant",
        "Selecting the region where they want their data to be stored (during initial setup)",
        "Selecting the tenant authentication method (during initial setup)",
        "Create, configure, and manage workflows",
        "Add and manage devices",
        "Invite additional tenant admins",
        "Invite additional users",
        "Modify the tenant’s subscription",
        "View reports and analytics",
        "View all configured and unconfigured licenses (licenses that have been purchased and redeemed but have not completed setup) for which you are a tenant manager",
        "Activate a purchased license to begin tenant configuration",
        "Invite the first tenant admin",
        "Resend invitations for the first tenant admin",
        "Cancel invitations for the first tenant admin",
        "Enter and maintain tenant contact information",
        "View analytics and contact information per tenant",
        "View analytics across tenants, including information about device usage, active workflows, and more",
    ] {
        cite(SEED, line);
    }
    let admin = person(Role::TenantAdmin, Scope::Company(INITECH));
    assert!(may(
        &admin,
        P::SubscriptionModify,
        &mine(P::SubscriptionModify, INITECH)
    ));
}

#[test]
fn users_use_shared_workflows_but_cannot_create_them() {
    cite(
        SEED,
        "* Users can access workflows that are shared with them but cannot create new workflows.",
    );
    let user = person(Role::TenantUser, Scope::Company(INITECH));
    assert!(may(
        &user,
        P::WorkflowsUseShared,
        &mine(P::WorkflowsUseShared, INITECH)
    ));
    assert!(!may(
        &user,
        P::WorkflowsManage,
        &mine(P::WorkflowsManage, INITECH)
    ));
}

#[test]
fn tenant_admins_see_everything_but_tenant_settings() {
    cite(
        SEED,
        "Tenant Admins have access to view and edit everything except Tenant Settings",
    );
    let admin = person(Role::TenantAdmin, Scope::Company(INITECH));
    let sup = person(Role::TenantSuperAdmin, Scope::Company(INITECH));
    for p in [
        P::TenantSettingsEdit,
        P::TenantName,
        P::TenantUrl,
        P::TenantRegion,
        P::TenantAuthMethod,
    ] {
        assert!(!may(&admin, p, &mine(p, INITECH)), "{}", p.slug());
        assert!(may(&sup, p, &mine(p, INITECH)), "{}", p.slug());
    }
    for (_, permissions, marks) in TABLE {
        if marks[0]
            && !permissions
                .iter()
                .any(|p| p.resource_kind() == ResourceKind::TenantSettings)
        {
            for p in *permissions {
                assert!(may(&admin, *p, &mine(*p, INITECH)), "{}", p.slug());
            }
        }
    }
}

fn initech(has_admin: bool) -> AssignTarget {
    AssignTarget {
        company_kind: Some(CompanyKind::Customer),
        customer_family: None,
        has_tenant_admin: has_admin,
    }
}

#[test]
fn a_tenant_manager_invites_only_the_first_tenant_admin() {
    cite(
        SEED,
        "** Tenant managers can invite and manage invitations only for the first tenant admin. Other tenant admins must be invited by another tenant admin.",
    );
    cite(
        SEED,
        "The first tenant admin is always given the Tenant Super Admin role",
    );
    let manager = principal(columns()[1].clone());
    let scope = Scope::Company(INITECH);
    assert!(
        may_assign(
            &manager,
            Role::TenantSuperAdmin.into(),
            None,
            scope,
            &initech(false)
        )
        .is_allowed()
    );
    assert!(
        !may_assign(
            &manager,
            Role::TenantSuperAdmin.into(),
            None,
            scope,
            &initech(true)
        )
        .is_allowed()
    );
    assert!(
        !may_assign(
            &manager,
            Role::TenantAdmin.into(),
            None,
            scope,
            &initech(false)
        )
        .is_allowed()
    );
    assert!(
        !may_assign(
            &manager,
            Role::TenantSuperAdmin.into(),
            None,
            Scope::Company(GLOBEX),
            &initech(false)
        )
        .is_allowed()
    );
}

#[test]
fn other_tenant_admins_are_invited_by_a_tenant_admin_as_either_kind() {
    cite(
        SEED,
        "Subsequent admins can be invited as either Tenant Super Admins or Tenant Admins",
    );
    let sup = principal(person(Role::TenantSuperAdmin, Scope::Company(INITECH)));
    let scope = Scope::Company(INITECH);
    assert!(
        may_assign(
            &sup,
            Role::TenantSuperAdmin.into(),
            None,
            scope,
            &initech(true)
        )
        .is_allowed()
    );
    assert!(may_assign(&sup, Role::TenantAdmin.into(), None, scope, &initech(true)).is_allowed());
    // A Tenant Admin cannot hand out the settings it does not hold.
    let admin = principal(person(Role::TenantAdmin, Scope::Company(INITECH)));
    assert!(
        may_assign(
            &admin,
            Role::TenantAdmin.into(),
            None,
            scope,
            &initech(true)
        )
        .is_allowed()
    );
    let d = may_assign(
        &admin,
        Role::TenantSuperAdmin.into(),
        None,
        scope,
        &initech(true),
    );
    let escalated = match d {
        Decision::Deny(Denied::Escalation(p)) => Some(p),
        _ => None,
    };
    assert!(
        escalated.is_some_and(|p| Role::TenantSuperAdmin.grants(p) && !Role::TenantAdmin.grants(p)),
        "{d:?}"
    );
    let user = principal(person(Role::TenantUser, Scope::Company(INITECH)));
    assert!(!may_assign(&user, Role::TenantAdmin.into(), None, scope, &initech(true)).is_allowed());
}

#[test]
fn tenant_managers_are_not_members_of_the_tenants_they_manage() {
    cite(
        SEED,
        "tenant managers are not members of the tenants they manage",
    );
    cite(
        SEED,
        "A tenant manager cannot access the tenants they manage unless they are granted the Tenant Manager & Admin role in a tenant",
    );
    let manager = columns()[1].clone();
    for p in [
        P::WorkflowsManage,
        P::WorkflowsUseShared,
        P::DevicesManage,
        P::UsersView,
        P::TenantSettingsEdit,
        P::CompanyView,
    ] {
        assert!(!may(&manager, p, &mine(p, INITECH)), "{}", p.slug());
    }
    let both = manager.with(Role::TenantManagerAndAdmin, Scope::Company(INITECH));
    assert!(may(
        &both,
        P::WorkflowsManage,
        &mine(P::WorkflowsManage, INITECH)
    ));
}

#[test]
fn a_tenant_manager_sees_only_the_tenants_they_manage() {
    cite(
        SEED,
        "The Tenant Manager is the only role with the capability to view aggregate data for multiple tenancies at the same time.",
    );
    let manager = principal(columns()[1].clone());
    let f = visibility(&manager, P::TenantsViewStatus, ResourceKind::Company);
    assert!(f.matches(&Resource::in_company(ResourceKind::Company, INITECH)));
    assert!(!f.matches(&Resource::in_company(ResourceKind::Company, ACME)));
}

fn member(user: UserId, state: UserState, roles: &[Role]) -> MemberSnapshot {
    MemberSnapshot {
        user,
        state,
        roles: roles.iter().map(|r| RoleRef::Builtin(*r)).collect(),
    }
}

#[test]
fn a_tenant_always_keeps_one_active_tenant_super_admin() {
    cite(
        SEED,
        "All tenants must have at least one Tenant Super Admin.",
    );
    cite(
        SEED,
        "Important! A tenant requires at least one Tenant Super Admin at all times.",
    );
    let before = [
        member(ME, UserState::Active, &[Role::TenantSuperAdmin]),
        member(COLLEAGUE, UserState::Active, &[Role::TenantAdmin]),
    ];
    let demoted = [
        member(ME, UserState::Active, &[Role::TenantAdmin]),
        before[1].clone(),
    ];
    let suspended = [
        member(ME, UserState::Suspended, &[Role::TenantSuperAdmin]),
        before[1].clone(),
    ];
    let removed = [before[1].clone()];
    for after in [&demoted[..], &suspended[..], &removed[..]] {
        assert_eq!(
            check_company_invariants(CompanyKind::Customer, &before, after),
            vec![InvariantViolation::NoActiveTenantSuperAdmin]
        );
    }
    let promoted_first = [
        member(ME, UserState::Active, &[Role::TenantAdmin]),
        member(COLLEAGUE, UserState::Active, &[Role::TenantSuperAdmin]),
    ];
    assert!(check_company_invariants(CompanyKind::Customer, &before, &promoted_first).is_empty());
}

#[test]
fn every_member_keeps_at_least_one_role() {
    cite(
        SEED,
        "All tenant members must be assigned at least one role.",
    );
    cite(
        SEED,
        "The default user role enables members to sign in to the tenant.",
    );
    let before = [
        member(ME, UserState::Active, &[Role::TenantSuperAdmin]),
        member(COLLEAGUE, UserState::Active, &[Role::TenantUser]),
    ];
    let after = [before[0].clone(), member(COLLEAGUE, UserState::Active, &[])];
    assert_eq!(
        check_company_invariants(CompanyKind::Customer, &before, &after),
        vec![InvariantViolation::MemberWithoutRole(COLLEAGUE)]
    );
    assert!(Role::TenantUser.def().default_sign_in);
}

#[test]
fn the_tenant_super_admin_is_a_system_role_that_cannot_be_edited() {
    cite(
        SEED,
        "Tenant Super Admin (System Role) - System roles are not editable.",
    );
    assert!(Role::TenantSuperAdmin.def().system);
    let sup = principal(person(Role::TenantSuperAdmin, Scope::Company(INITECH)));
    assert_eq!(
        may_edit_role(&sup, Role::TenantSuperAdmin.into(), INITECH),
        Decision::Deny(Denied::SystemRole)
    );
}

#[test]
fn roles_can_be_assigned_to_groups_and_say_so() {
    cite(SEED, "A tenant member group.");
    let mut user = UserPrincipal::active(ME);
    user.assignments.push(Assignment {
        role: Role::TenantUser.into(),
        scope: Scope::Company(INITECH),
        via_group: Some(GroupId(9)),
    });
    let d = authorize(
        &principal(user),
        P::WorkflowsUseShared,
        &mine(P::WorkflowsUseShared, INITECH),
    );
    assert_eq!(
        d.explain(&NumericNames),
        "Allowed by Tenant User in company 5 (within the scope of the role), through the group group 9."
    );
}
