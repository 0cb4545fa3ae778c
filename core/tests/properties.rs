//! Properties over random worlds: deny by default, no escalation, and
//! `visibility` agreeing with `authorize` on every resource.
//! `PROPTEST_CASES` sets the number of cases (the test command uses 10,000).
// On wasm32, `#[test]` is wasm-bindgen-test's, which clippy does not see as a test.
#![cfg_attr(
    target_arch = "wasm32",
    allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::cell::Cell;

use imprimatur_core::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestRunner};

fn company() -> impl Strategy<Value = CompanyId> {
    (1i64..=3).prop_map(CompanyId)
}
fn department() -> impl Strategy<Value = DepartmentId> {
    (10i64..=13).prop_map(DepartmentId)
}
const TYPES: &[&str] = &["Stationery", "Marketing material", "Forms"];
fn publication_type() -> impl Strategy<Value = String> {
    proptest::sample::select(TYPES).prop_map(String::from)
}
fn department_types() -> impl Strategy<Value = DepartmentTypes> {
    (
        department(),
        proptest::collection::vec(publication_type(), 0..3),
    )
        .prop_map(|(department, publication_types)| DepartmentTypes {
            department,
            publication_types,
        })
}
fn user() -> impl Strategy<Value = UserId> {
    (100i64..=102).prop_map(UserId)
}
fn project() -> impl Strategy<Value = ProjectId> {
    (30i64..=31).prop_map(ProjectId)
}
fn chapter() -> impl Strategy<Value = ChapterId> {
    (40i64..=42).prop_map(ChapterId)
}
fn scope() -> impl Strategy<Value = Scope> {
    prop_oneof![
        1 => Just(Scope::Platform),
        4 => company().prop_map(Scope::Company),
        4 => (company(), department()).prop_map(|(c, d)| Scope::Department(c, d)),
        2 => (company(), project()).prop_map(|(c, p)| Scope::Project(c, p)),
    ]
}
fn role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::ALL)
}
fn permission() -> impl Strategy<Value = Permission> {
    proptest::sample::select(Permission::ALL)
}
fn reach() -> impl Strategy<Value = Reach> {
    proptest::sample::select(vec![
        Reach::Own,
        Reach::SameDepartment,
        Reach::RequestedApprover,
        Reach::Chapter(ChapterLevel::ReadComment),
        Reach::Chapter(ChapterLevel::InCopy),
        Reach::Chapter(ChapterLevel::InDesign),
        Reach::TrackChangesHolder,
        Reach::Scope,
        Reach::ManagedTenants,
        Reach::Platform,
    ])
}
fn level() -> impl Strategy<Value = ChapterLevel> {
    proptest::sample::select(vec![
        ChapterLevel::ReadComment,
        ChapterLevel::InCopy,
        ChapterLevel::InDesign,
    ])
}
fn state() -> impl Strategy<Value = UserState> {
    prop_oneof![
        6 => Just(UserState::Active),
        1 => Just(UserState::Invited),
        1 => Just(UserState::Inactive),
        1 => Just(UserState::Suspended),
    ]
}

fn custom_role(id: i64) -> impl Strategy<Value = CustomRole> {
    (
        company(),
        proptest::collection::vec((permission(), reach()), 1..6),
    )
        .prop_map(move |(c, grants)| CustomRole {
            id: CustomRoleId(id),
            company: c,
            name: format!("custom {id}"),
            family: Family::Storefront,
            grants,
        })
}

fn assignment() -> impl Strategy<Value = Assignment> {
    (
        prop_oneof![4 => role().prop_map(RoleRef::Builtin), 1 => (1i64..=2).prop_map(|i| RoleRef::Custom(CustomRoleId(i)))],
        scope(),
        proptest::option::weighted(0.2, (1i64..=2).prop_map(GroupId)),
    )
        .prop_map(|(role, scope, via_group)| Assignment { role, scope, via_group })
}

fn user_principal(assignments: std::ops::Range<usize>) -> impl Strategy<Value = UserPrincipal> {
    (
        user(),
        state(),
        proptest::collection::vec(assignment(), assignments),
        proptest::collection::vec(department(), 0..3),
        proptest::collection::vec(company(), 0..2),
        proptest::collection::vec((project(), chapter(), level()), 0..3),
        proptest::collection::vec(project(), 0..2),
        (custom_role(1), custom_role(2)),
        proptest::option::weighted(0.1, user()),
        proptest::collection::vec(department_types(), 0..3),
    )
        .prop_map(
            |(id, state, assignments, departments, managed, chapters, tc, (c1, c2), imp, types)| {
                UserPrincipal {
                    id,
                    state,
                    assignments,
                    departments,
                    department_types: types,
                    managed_tenants: managed,
                    chapter_grants: chapters
                        .into_iter()
                        .map(|(project, chapter, level)| ChapterGrant {
                            project,
                            chapter,
                            level,
                        })
                        .collect(),
                    track_changes_projects: tc,
                    custom_roles: vec![c1, c2],
                    impersonated_by: imp,
                }
            },
        )
}

fn any_principal() -> impl Strategy<Value = Principal> {
    prop_oneof![
        1 => Just(Principal::Anonymous),
        1 => ((1i64..=9), company()).prop_map(|(o, c)| Principal::ExternalApprover(ExternalApprover {
            order: OrderId(o), company: c, email: "approver@example.com".into()
        })),
        12 => user_principal(0..5).prop_map(Principal::User),
    ]
}

fn resource_of(kind: ResourceKind) -> impl Strategy<Value = Resource> {
    (
        proptest::option::weighted(0.8, 1i64..=9),
        proptest::option::weighted(0.9, company()),
        proptest::option::weighted(0.7, department()),
        proptest::option::weighted(0.8, user()),
        proptest::option::weighted(0.6, project()),
        proptest::option::weighted(0.6, chapter()),
        proptest::collection::vec(user(), 0..2),
        proptest::option::weighted(0.5, proptest::sample::select(STATES)),
        proptest::option::weighted(0.8, publication_type()),
    )
        .prop_map(
            move |(
                id,
                company,
                department,
                owner,
                project,
                chapter,
                approvers,
                state,
                publication_type,
            )| Resource {
                kind,
                id,
                company,
                department,
                owner,
                project,
                chapter,
                approvers,
                state,
                publication_type,
            },
        )
}

fn action_and_resource() -> impl Strategy<Value = (Permission, Resource)> {
    permission().prop_flat_map(|p| (Just(p), resource_of(p.resource_kind())))
}

fn runner() -> TestRunner {
    // wasm32 has no environment at run time, so the count is also read when compiling.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .or(option_env!("PROPTEST_CASES").map(String::from))
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    // A fixed seed: a failure reproduces, and the same cases run on wasm32.
    TestRunner::new(Config {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        // PROPTEST_SEED explores other worlds; the default keeps runs reproducible.
        rng_seed: RngSeed::Fixed(
            std::env::var("PROPTEST_SEED")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0x1_0b_57_a7),
        ),
        failure_persistence: None,
        ..Config::default()
    })
}

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const STATES: &[ResourceState] = &[
    ResourceState::Draft,
    ResourceState::AwaitingApproval,
    ResourceState::Approved,
    ResourceState::Rejected,
    ResourceState::OnHold,
    ResourceState::Shipped,
    ResourceState::Archived,
];

const ASSIGNERS: &[Role] = &[
    Role::Admin,
    Role::JuniorAdmin,
    Role::CompanyManager,
    Role::StorefrontDepartmentManager,
    Role::TenantSuperAdmin,
    Role::TenantAdmin,
    Role::CompanyAdministrator,
    Role::AccountAdminPrint,
];

#[test]
fn nobody_without_a_role_is_allowed_anything() {
    runner()
        .run(
            &(user(), state(), action_and_resource()),
            |(id, state, (action, resource))| {
                let mut u = UserPrincipal::active(id);
                u.state = state;
                let d = authorize(&Principal::User(u), action, &resource);
                // The one thing a role-less account may do: accept its own invitation.
                let accepting = state == UserState::Invited
                    && action == Permission::InvitationAccept
                    && resource.owner == Some(id);
                prop_assert_eq!(d.is_allowed(), accepting, "{:?}", d);
                prop_assert!(!authorize(&Principal::Anonymous, action, &resource).is_allowed());
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn visibility_agrees_with_authorize() {
    let allowed_cases = Cell::new(0u32);
    let mut runner = runner();
    let cases = runner.config().cases;
    runner
        .run(
            &(any_principal(), action_and_resource()),
            |(p, (action, resource))| {
                let allowed = authorize(&p, action, &resource).is_allowed();
                let visible = visibility(&p, action, resource.kind).matches(&resource);
                prop_assert_eq!(allowed, visible, "{:?} {:?} {:?}", action, resource, p);
                allowed_cases.set(allowed_cases.get() + u32::from(allowed));
                Ok(())
            },
        )
        .unwrap();
    // The worlds must be rich enough that allows happen, or the test proves little.
    assert!(
        allowed_cases.get() * 20 >= cases,
        "only {} of {cases} cases were allowed",
        allowed_cases.get()
    );
}

#[test]
fn an_assignment_never_grants_more_than_the_assigner_holds() {
    let world = (
        user_principal(1..6),
        prop_oneof![3 => role().prop_map(RoleRef::Builtin), 1 => Just(RoleRef::Custom(CustomRoleId(1)))],
        scope(),
        proptest::option::of(proptest::sample::select(vec![
            CompanyKind::Customer,
            CompanyKind::PrintPartner,
            CompanyKind::Dealer,
        ])),
        proptest::option::of(proptest::sample::select(vec![
            Family::Storefront,
            Family::Corporate,
        ])),
        any::<bool>(),
        proptest::collection::vec(action_and_resource(), 16),
        // Realistic assigners: an administrator where the role is given, and
        // a target company that fits the role.
        proptest::option::weighted(0.7, proptest::sample::select(ASSIGNERS)),
        any::<bool>(),
    );
    let delegated = Cell::new(0u32);
    let mut runner = runner();
    let cases = runner.config().cases;
    runner
        .run(
            &world,
            |(
                mut actor,
                role,
                scope,
                company_kind,
                customer_family,
                has_admin,
                probes,
                assigner,
                fits,
            )| {
                actor.state = UserState::Active;
                if let Some(a) = assigner {
                    let at = match (a.def().scopes[0], scope.company()) {
                        (ScopeKind::Platform, _) | (_, None) => Scope::Platform,
                        (_, Some(c)) => Scope::Company(c),
                    };
                    actor.assignments.push(Assignment::new(a, at));
                }
                let mut target = AssignTarget {
                    company_kind,
                    customer_family,
                    has_tenant_admin: has_admin,
                };
                if let (true, RoleRef::Builtin(r)) = (fits, role) {
                    target.company_kind = r.def().company_kind.or(company_kind);
                    target.customer_family = Some(r.family());
                }
                let custom = actor.custom_roles.first().cloned();
                let decision = may_assign(
                    &Principal::User(actor.clone()),
                    role,
                    custom.as_ref(),
                    scope,
                    &target,
                );
                let Decision::Allow(allowed) = decision else {
                    return Ok(());
                };
                // Dispatcher's one exception: a dealer sets up a tenant's first admin.
                if allowed.reach == Reach::ManagedTenants
                    && role == RoleRef::Builtin(Role::TenantSuperAdmin)
                {
                    return Ok(());
                }
                // The same person, holding only the new role: everything it opens
                // must already be open to the actor.
                delegated.set(delegated.get() + 1);
                let mut holder = actor.clone();
                holder.assignments = vec![Assignment::new(role, scope)];
                holder.impersonated_by = None;
                actor.impersonated_by = None;
                for (action, resource) in &probes {
                    if authorize(&Principal::User(holder.clone()), *action, resource).is_allowed() {
                        prop_assert!(
                            authorize(&Principal::User(actor.clone()), *action, resource)
                                .is_allowed(),
                            "{:?} at {:?} opens {:?} on {:?}",
                            role,
                            scope,
                            action,
                            resource
                        );
                    }
                }
                Ok(())
            },
        )
        .unwrap();
    assert!(
        delegated.get() * 50 >= cases,
        "only {} of {cases} assignments were allowed",
        delegated.get()
    );
}

/// A member somewhere in the random world: the companies and departments
/// their non-platform roles put them in, and the roles themselves.
fn member_view() -> impl Strategy<Value = MemberView> {
    (
        user(),
        proptest::collection::vec(assignment(), 1..4),
        proptest::collection::vec(department(), 0..2),
    )
        .prop_map(|(id, roles, departments)| {
            let mut seen = Vec::new();
            for c in roles.iter().filter_map(|a| a.scope.company()) {
                let base = Resource::in_company(ResourceKind::User, c)
                    .with_id(id.0)
                    .with_owner(id);
                seen.push(base.clone());
                for d in &departments {
                    seen.push(base.clone().with_department(*d));
                }
            }
            MemberView::new(id, seen, roles)
        })
}

const ACCOUNT_WIDE: &[Permission] = &[
    Permission::UsersSuspend,
    Permission::UsersRequire2fa,
    Permission::UsersReset2fa,
    Permission::UsersResendCredentials,
];

#[test]
fn no_actor_changes_an_account_beyond_its_reach() {
    let allowed_cases = Cell::new(0u32);
    runner()
        .run(
            &(
                user_principal(1..5),
                member_view(),
                proptest::sample::select(ACCOUNT_WIDE),
            ),
            |(actor, member, permission)| {
                let me = Principal::User(actor.clone());
                if !may_act_on_member(&me, permission, &member).is_allowed() {
                    return Ok(());
                }
                allowed_cases.set(allowed_cases.get() + 1);
                prop_assert!(actor.id != member.id, "acted on itself");
                // Every company and department the account is in is within reach.
                for place in &member.seen_through {
                    prop_assert!(
                        authorize(&me, permission, place).is_allowed(),
                        "{:?} beyond reach at {:?} for {:?}",
                        permission,
                        place,
                        actor
                    );
                }
                // Platform staff only from a higher platform rank.
                let platform_rank = |roles: &[Assignment]| {
                    roles
                        .iter()
                        .filter_map(|a| match a.role {
                            RoleRef::Builtin(r) if r.family() == Family::Platform => {
                                Some(r.def().rank)
                            }
                            _ => None,
                        })
                        .max()
                };
                if let Some(theirs) = platform_rank(&member.roles) {
                    prop_assert!(platform_rank(&actor.assignments).is_some_and(|m| m > theirs));
                }
                Ok(())
            },
        )
        .unwrap();
    assert!(allowed_cases.get() > 0, "no case was ever allowed");
}
