//! A small world shared by the seed tests: two customer companies, a print
//! partner, a dealer, departments, projects and a handful of people.
#![allow(dead_code)]

use imprimatur_core::*;

pub const ACME: CompanyId = CompanyId(1);
pub const GLOBEX: CompanyId = CompanyId(2);
pub const INKWORKS: CompanyId = CompanyId(3); // print partner
pub const DEALER: CompanyId = CompanyId(4);
pub const INITECH: CompanyId = CompanyId(5); // customer managed by DEALER

pub const SALES: DepartmentId = DepartmentId(10);
pub const MARKETING: DepartmentId = DepartmentId(11);
pub const GLOBEX_OPS: DepartmentId = DepartmentId(20);

pub const ANNUAL_REPORT: ProjectId = ProjectId(30);
pub const BROCHURE: ProjectId = ProjectId(31);
pub const INTRO: ChapterId = ChapterId(40);
pub const FINANCE: ChapterId = ChapterId(41);
pub const BROCHURE_COVER: ChapterId = ChapterId(42);

pub const ME: UserId = UserId(100);
pub const COLLEAGUE: UserId = UserId(101);
pub const STRANGER: UserId = UserId(102);

/// Check that a row a test relies on is really in the seed document.
/// Line breaks in the seeds fall mid-sentence, so whitespace is folded first.
pub fn cite(seed: &str, line: &str) {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        fold(seed).contains(&fold(line)),
        "the seed does not say: {line:?}"
    );
}

pub fn person(role: Role, scope: Scope) -> UserPrincipal {
    UserPrincipal::active(ME).with(role, scope)
}

pub fn principal(user: UserPrincipal) -> Principal {
    Principal::User(user)
}

pub fn may(user: &UserPrincipal, action: Permission, resource: &Resource) -> bool {
    authorize(&Principal::User(user.clone()), action, resource).is_allowed()
}

pub fn order(company: CompanyId, department: Option<DepartmentId>, owner: UserId) -> Resource {
    let mut r = Resource::in_company(ResourceKind::Order, company)
        .with_owner(owner)
        .with_id(7);
    r.department = department;
    r
}

/// A resource of the permission's kind inside `company`, owned by `owner`,
/// in `department`, in the Annual Report project's Intro chapter.
pub fn thing(
    action: Permission,
    company: CompanyId,
    department: Option<DepartmentId>,
    owner: UserId,
) -> Resource {
    let kind = action.resource_kind();
    let mut r = match kind {
        ResourceKind::Portal | ResourceKind::PrinterApp | ResourceKind::Account => {
            Resource::new(kind)
        }
        ResourceKind::Platform => Resource::new(kind),
        _ => Resource::in_company(kind, company),
    };
    r.owner = Some(owner);
    r.department = department;
    match kind {
        ResourceKind::Chapter => r = r.with_chapter(ANNUAL_REPORT, INTRO),
        ResourceKind::Project => r = r.with_project(ANNUAL_REPORT),
        _ => {}
    }
    r
}

/// The same, owned by me, in no department.
pub fn mine(action: Permission, company: CompanyId) -> Resource {
    thing(action, company, None, ME)
}

pub fn company_target(family: Family) -> AssignTarget {
    AssignTarget {
        company_kind: Some(CompanyKind::Customer),
        customer_family: Some(family),
        has_tenant_admin: true,
    }
}
