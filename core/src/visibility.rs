//! `visibility`: which rows of a kind may a principal act on? The answer is a
//! filter the server turns into a SQL condition (an OR of ANDs), so lists are
//! never loaded and checked one by one.

use serde::{Deserialize, Serialize};

use crate::authorize::reach_bits;
use crate::catalogue::Permission;
use crate::ids::{ChapterId, CompanyId, DepartmentId, ProjectId, UserId};
use crate::principal::{Principal, UserPrincipal, UserState};
use crate::publication_types;
use crate::reach::Reach;
use crate::resource::{CLOSED_FOR_EDITING, Resource, ResourceKind, ResourceState};
use crate::roles::{Scope, reaches_of};

/// A condition on one column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Match<T> {
    Any,
    Eq(T),
    /// One of these (an empty list matches nothing).
    In(Vec<T>),
    /// None of these, or no value at all.
    NotIn(Vec<T>),
    /// Equal, or no value at all.
    EqOrNull(T),
    Null,
    NotNull,
}

impl<T: PartialEq> Match<T> {
    pub fn matches(&self, value: Option<&T>) -> bool {
        match self {
            Match::Any => true,
            Match::Eq(t) => value == Some(t),
            Match::In(ts) => value.is_some_and(|v| ts.contains(v)),
            Match::NotIn(ts) => value.is_none_or(|v| !ts.contains(v)),
            Match::EqOrNull(t) => value.is_none_or(|v| v == t),
            Match::Null => value.is_none(),
            Match::NotNull => value.is_some(),
        }
    }
    fn is_empty(&self) -> bool {
        matches!(self, Match::In(ts) if ts.is_empty())
    }
}

/// Kept as a name of its own because department filters are the common case.
pub type DepartmentMatch = Match<DepartmentId>;

/// Conditions that must all hold.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Conjunct {
    pub id: Match<i64>,
    pub company: Match<CompanyId>,
    pub department: Match<DepartmentId>,
    pub owner: Match<UserId>,
    pub project: Match<ProjectId>,
    pub chapter: Match<ChapterId>,
    /// The principal is among the resource's requested approvers.
    pub approver: Match<UserId>,
    pub state: Match<ResourceState>,
    /// A product's publication type.
    pub publication_type: Match<String>,
}

impl Conjunct {
    pub const ANY: Conjunct = Conjunct {
        id: Match::Any,
        company: Match::Any,
        department: Match::Any,
        owner: Match::Any,
        project: Match::Any,
        chapter: Match::Any,
        approver: Match::Any,
        state: Match::Any,
        publication_type: Match::Any,
    };

    pub fn matches(&self, r: &Resource) -> bool {
        self.id.matches(r.id.as_ref())
            && self.company.matches(r.company.as_ref())
            && self.department.matches(r.department.as_ref())
            && self.owner.matches(r.owner.as_ref())
            && self.project.matches(r.project.as_ref())
            && self.chapter.matches(r.chapter.as_ref())
            && self.state.matches(r.state.as_ref())
            && self.publication_type.matches(r.publication_type.as_ref())
            && match &self.approver {
                Match::Any => true,
                Match::Eq(u) => r.approvers.contains(u),
                _ => false,
            }
    }

    fn is_unconstrained(&self) -> bool {
        *self == Conjunct::ANY
    }

    fn is_unsatisfiable(&self) -> bool {
        self.id.is_empty()
            || self.company.is_empty()
            || self.department.is_empty()
            || self.owner.is_empty()
            || self.project.is_empty()
            || self.chapter.is_empty()
            || self.state.is_empty()
            || self.publication_type.is_empty()
    }
}

/// Which rows: all, none, or any row matching one of the conjuncts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    All,
    None,
    AnyOf(Vec<Conjunct>),
}

impl Filter {
    pub fn matches(&self, r: &Resource) -> bool {
        match self {
            Filter::All => true,
            Filter::None => false,
            Filter::AnyOf(cs) => cs.iter().any(|c| c.matches(r)),
        }
    }

    fn from_conjuncts(mut cs: Vec<Conjunct>) -> Filter {
        cs.retain(|c| !c.is_unsatisfiable());
        if cs.iter().any(Conjunct::is_unconstrained) {
            return Filter::All;
        }
        let mut unique: Vec<Conjunct> = Vec::with_capacity(cs.len());
        for c in cs {
            if !unique.contains(&c) {
                unique.push(c);
            }
        }
        if unique.is_empty() {
            Filter::None
        } else {
            Filter::AnyOf(unique)
        }
    }
}

/// The rows of `kind` on which `principal` may perform `action`.
/// Agrees with [`crate::authorize`] on every resource (a property test checks it).
pub fn visibility(principal: &Principal, action: Permission, kind: ResourceKind) -> Filter {
    if action.resource_kind() != kind {
        return Filter::None;
    }
    match principal {
        Principal::Anonymous => Filter::None,
        Principal::ExternalApprover(ext) => {
            if kind == ResourceKind::Order
                && matches!(action, Permission::OrdersView | Permission::OrdersApprove)
            {
                Filter::AnyOf(vec![Conjunct {
                    id: Match::Eq(ext.order.0),
                    company: Match::Eq(ext.company),
                    state: state_condition(action),
                    ..Conjunct::ANY
                }])
            } else {
                Filter::None
            }
        }
        Principal::User(user) => user_visibility(user, action, kind),
    }
}

fn user_visibility(user: &UserPrincipal, action: Permission, kind: ResourceKind) -> Filter {
    match user.state {
        UserState::Active => {}
        UserState::Invited if action == Permission::InvitationAccept => {
            return Filter::AnyOf(vec![Conjunct {
                owner: Match::Eq(user.id),
                ..Conjunct::ANY
            }]);
        }
        _ => return Filter::None,
    }
    if user.impersonated_by.is_some() && action.touches_credentials() {
        return Filter::None;
    }
    let mut out = Vec::new();
    let state = state_condition(action);
    for a in &user.assignments {
        for reach in reaches_of(reach_bits(user, a, action)) {
            if reach == Reach::Platform || (reach == Reach::Scope && a.scope == Scope::Platform) {
                out.push(Conjunct::ANY);
            } else {
                conjuncts(user, a.scope, reach, kind, &mut out);
            }
        }
    }
    for c in &mut out {
        c.state = state.clone();
    }
    Filter::from_conjuncts(out)
}

/// Products reached through `departments`, each bounded by the publication
/// types assigned to it (see `publication_types`).
fn of_assigned_types(
    user: &UserPrincipal,
    departments: Vec<crate::ids::DepartmentId>,
    base: &Conjunct,
    company_wide: Match<crate::ids::CompanyId>,
    out: &mut Vec<Conjunct>,
) {
    let mut any_type = Vec::new();
    for d in departments {
        match publication_types::for_department(user, d) {
            None => any_type.push(d),
            Some(types) => out.push(Conjunct {
                department: Match::Eq(d),
                publication_type: Match::In(types.to_vec()),
                ..base.clone()
            }),
        }
    }
    out.push(Conjunct {
        department: Match::In(any_type),
        ..base.clone()
    });
    out.push(Conjunct {
        department: Match::Null,
        company: company_wide,
        publication_type: publication_types::for_company_wide(user).map_or(Match::Any, Match::In),
        ..Conjunct::ANY
    });
}

/// The lifecycle condition of `action` (see `resource::state_allows`).
fn state_condition(action: Permission) -> Match<ResourceState> {
    match action {
        Permission::OrdersEditContent => Match::NotIn(CLOSED_FOR_EDITING.to_vec()),
        Permission::OrdersApprove => Match::EqOrNull(ResourceState::AwaitingApproval),
        _ => Match::Any,
    }
}

fn personal(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::Portal | ResourceKind::PrinterApp | ResourceKind::Account
    )
}

fn conjuncts(
    user: &UserPrincipal,
    scope: Scope,
    reach: Reach,
    kind: ResourceKind,
    out: &mut Vec<Conjunct>,
) {
    let company = match scope.company() {
        None => Match::Any,
        Some(c) if personal(kind) => Match::EqOrNull(c),
        Some(c) => Match::Eq(c),
    };
    let base = Conjunct {
        company: company.clone(),
        ..Conjunct::ANY
    };
    match reach {
        Reach::Platform => out.push(Conjunct::ANY),
        Reach::Scope => {
            if personal(kind) && scope != Scope::Platform {
                out.push(Conjunct {
                    company: Match::Null,
                    ..Conjunct::ANY
                });
            }
            match scope {
                Scope::Platform => out.push(Conjunct::ANY),
                Scope::Company(c) => out.push(Conjunct {
                    company: Match::Eq(c),
                    ..Conjunct::ANY
                }),
                Scope::Department(c, d) => out.push(Conjunct {
                    company: Match::Eq(c),
                    department: Match::Eq(d),
                    ..Conjunct::ANY
                }),
                Scope::Project(c, p) => out.push(Conjunct {
                    company: Match::Eq(c),
                    project: Match::Eq(p),
                    ..Conjunct::ANY
                }),
            }
        }
        Reach::Own => out.push(Conjunct {
            owner: Match::Eq(user.id),
            ..base
        }),
        Reach::SameDepartment => {
            let departments = match scope {
                Scope::Department(_, d) => vec![d],
                _ => user.departments.clone(),
            };
            let company_wide = if company == Match::Any {
                Match::NotNull
            } else {
                company
            };
            if kind == ResourceKind::Product {
                of_assigned_types(user, departments, &base, company_wide, out);
                return;
            }
            out.push(Conjunct {
                department: Match::In(departments),
                ..base
            });
            out.push(Conjunct {
                department: Match::Null,
                company: company_wide,
                ..Conjunct::ANY
            });
        }
        Reach::RequestedApprover => out.push(Conjunct {
            approver: Match::Eq(user.id),
            ..base
        }),
        Reach::Chapter(level) => match kind {
            ResourceKind::Chapter => {
                let chapters = user
                    .chapter_grants
                    .iter()
                    .filter(|g| g.level >= level)
                    .map(|g| g.chapter)
                    .collect();
                out.push(Conjunct {
                    chapter: Match::In(chapters),
                    ..base
                });
            }
            ResourceKind::Project => {
                let projects = user
                    .chapter_grants
                    .iter()
                    .filter(|g| g.level >= level)
                    .map(|g| g.project)
                    .collect();
                out.push(Conjunct {
                    project: Match::In(projects),
                    ..base
                });
            }
            _ => {}
        },
        Reach::TrackChangesHolder => out.push(Conjunct {
            chapter: Match::NotNull,
            project: Match::In(user.track_changes_projects.clone()),
            ..base
        }),
        Reach::ManagedTenants => out.push(Conjunct {
            company: Match::In(user.managed_tenants.clone()),
            ..Conjunct::ANY
        }),
    }
}
