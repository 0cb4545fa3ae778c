//! `authorize` and `visibility` of the permission core, and the same
//! decisions through cedar-policy, in one run. `make bench` prints the ratios.

use std::hint::black_box;

use cedar_policy::Authorizer;
use criterion::{Criterion, criterion_group, criterion_main};
use imprimatur_bench::{cases, check, many_assignments, policies};
use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, Role, Scope, UserId,
    UserPrincipal, authorize, visibility,
};

fn decisions(c: &mut Criterion) {
    let (Ok(cases), Ok(policies)) = (cases(), policies()) else {
        eprintln!("could not build the benchmark cases");
        return;
    };
    if let Err(e) = check(&cases, &policies) {
        eprintln!("core and cedar disagree: {e}");
        return;
    }
    let authorizer = Authorizer::new();
    for case in &cases {
        let mut group = c.benchmark_group(case.name);
        group.bench_function("core", |b| {
            b.iter(|| {
                authorize(
                    black_box(&case.principal),
                    black_box(case.action),
                    black_box(&case.resource),
                )
            })
        });
        group.bench_function("cedar", |b| {
            b.iter(|| {
                authorizer.is_authorized(
                    black_box(&case.cedar_request),
                    &policies,
                    &case.cedar_entities,
                )
            })
        });
        group.finish();
    }
}

fn lists(c: &mut Criterion) {
    let dm = Principal::User(
        UserPrincipal::active(UserId(100))
            .with(
                Role::StorefrontDepartmentManager,
                Scope::Department(CompanyId(1), DepartmentId(10)),
            )
            .with(
                Role::StorefrontDepartmentManager,
                Scope::Department(CompanyId(1), DepartmentId(11)),
            ),
    );
    let rows: Vec<Resource> = (0..1000)
        .map(|i| {
            Resource::in_company(ResourceKind::Order, CompanyId(1 + i % 3))
                .with_department(DepartmentId(10 + i % 5))
                .with_owner(UserId(100 + i % 7))
                .with_id(i)
        })
        .collect();
    let mut group = c.benchmark_group("visible orders of a department manager");
    group.bench_function("core visibility filter", |b| {
        b.iter(|| {
            visibility(
                black_box(&dm),
                Permission::OrdersApprove,
                ResourceKind::Order,
            )
        })
    });
    group.bench_function("core authorize on each of 1000 rows", |b| {
        b.iter(|| {
            rows.iter()
                .filter(|r| authorize(black_box(&dm), Permission::OrdersApprove, r).is_allowed())
                .count()
        })
    });
    group.finish();
    let many = Principal::User(many_assignments(50));
    c.bench_function("visibility with 50 assignments/core", |b| {
        b.iter(|| {
            visibility(
                black_box(&many),
                Permission::OrdersApprove,
                ResourceKind::Order,
            )
        })
    });
}

criterion_group!(benches, decisions, lists);
criterion_main!(benches);
