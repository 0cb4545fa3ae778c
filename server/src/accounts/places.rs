//! Companies as `core` sees them when a role is given there, and the
//! places a person may invite to.

use std::collections::BTreeSet;

use imprimatur_app::error::AppError;
use imprimatur_app::model::InvitePlace;
use imprimatur_core::{
    AssignTarget, CompanyId, CompanyKind, DepartmentId, Family, Permission, Principal, ProjectId,
    Resource, ResourceKind, Role, RoleRef, Scope, UserPrincipal, authorize, may_assign,
    may_give_to_group, may_invite,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::entities::{company, custom_role, department, invitation, project, role_assignment};
use crate::error::{ServerError, internal};

/// At most this many places are offered in the invitation form.
const MAX_PLACES: u64 = 200;

fn family(slug: Option<&str>) -> Option<Family> {
    let slug = slug?;
    Family::ALL.iter().copied().find(|f| f.slug() == slug)
}

fn is_tenant_admin_slug(slug: &str) -> bool {
    [
        Role::TenantSuperAdmin,
        Role::TenantAdmin,
        Role::TenantManagerAndAdmin,
    ]
    .iter()
    .any(|r| r.slug() == slug)
}

/// `core`'s view of a company for an assignment there. `Ok(None)` when it
/// does not exist.
pub async fn target<C: ConnectionTrait>(
    conn: &C,
    c: &company::Model,
    except_invitation: Option<i64>,
) -> Result<AssignTarget, ServerError> {
    let admins = role_assignment::Entity::find()
        .filter(role_assignment::Column::CompanyId.eq(c.id))
        .all(conn)
        .await?
        .into_iter()
        .any(|r| is_tenant_admin_slug(&r.role));
    let invited = invitation::Entity::find()
        .filter(invitation::Column::CompanyId.eq(c.id))
        .filter(invitation::Column::State.eq("pending"))
        .all(conn)
        .await?
        .into_iter()
        .any(|i| Some(i.id) != except_invitation && is_tenant_admin_slug(&i.role));
    Ok(AssignTarget {
        company_kind: CompanyKind::from_slug(&c.kind),
        customer_family: family(c.customer_family.as_deref()),
        has_tenant_admin: admins || invited,
    })
}

/// The company, checked to contain the department; 404s in plain words.
pub async fn company_and_department<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
    department_id: Option<i64>,
) -> Result<(company::Model, Option<department::Model>), AppError> {
    let c = company::Entity::find_by_id(company_id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))?;
    let d = match department_id {
        None => None,
        Some(d) => Some(
            department::Entity::find_by_id(d)
                .one(conn)
                .await
                .map_err(internal)?
                .filter(|d| d.company_id == c.id)
                .ok_or_else(|| {
                    AppError::NotFound("There is no such department in that company.".into())
                })?,
        ),
    };
    Ok((c, d))
}

/// The companies a person's assignments reach (every company for platform
/// staff), by name.
pub async fn reachable_companies<C: ConnectionTrait>(
    conn: &C,
    me: &UserPrincipal,
    only: Option<i64>,
) -> Result<Vec<company::Model>, ServerError> {
    let platform = me
        .assignments
        .iter()
        .any(|a| matches!(a.scope, Scope::Platform));
    let mut companies: BTreeSet<i64> = me
        .assignments
        .iter()
        .filter_map(|a| a.scope.company().map(|c| c.0))
        .collect();
    companies.extend(me.managed_tenants.iter().map(|c| c.0));
    let mut query = company::Entity::find().order_by_asc(company::Column::Name);
    if !platform {
        query = query.filter(company::Column::Id.is_in(companies));
    }
    if let Some(c) = only {
        query = query.filter(company::Column::Id.eq(c));
    }
    Ok(query.limit(MAX_PLACES).all(conn).await?)
}

/// Companies where `core` lets the person create users, in the company or
/// in one of its departments (where a CSV import can go).
pub async fn import_companies<C: ConnectionTrait>(
    conn: &C,
    me: &UserPrincipal,
) -> Result<Vec<(i64, String)>, ServerError> {
    let principal = Principal::User(me.clone());
    let mut out = Vec::new();
    for c in reachable_companies(conn, me, None).await? {
        let departments = department::Entity::find()
            .filter(department::Column::CompanyId.eq(c.id))
            .all(conn)
            .await?;
        let company_wide = Resource::in_company(ResourceKind::User, CompanyId(c.id));
        let places = std::iter::once(company_wide.clone()).chain(departments.iter().map(|d| {
            let mut r = company_wide.clone();
            r.department = Some(DepartmentId(d.id));
            r
        }));
        let mut allowed = false;
        for r in places {
            if authorize(&principal, Permission::UsersCreate, &r).is_allowed() {
                allowed = true;
                break;
            }
        }
        if allowed {
            out.push((c.id, c.name));
        }
    }
    Ok(out)
}

/// How a role is handed out: by invitation, or to an existing member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Giving {
    Invite,
    Assign,
    /// To a member group of this company.
    Group(i64),
}

/// Places the person may invite to (or assign roles at), each with the
/// roles `core` lets them give there.
pub async fn invite_places<C: ConnectionTrait>(
    conn: &C,
    me: &UserPrincipal,
    giving: Giving,
) -> Result<Vec<InvitePlace>, ServerError> {
    let only = match giving {
        Giving::Group(c) => Some(c),
        Giving::Invite | Giving::Assign => None,
    };
    let rows = reachable_companies(conn, me, only).await?;
    let principal = Principal::User(me.clone());
    let mut out = Vec::new();
    for c in rows {
        let t = target(conn, &c, None).await?;
        let departments = department::Entity::find()
            .filter(department::Column::CompanyId.eq(c.id))
            .order_by_asc(department::Column::Name)
            .all(conn)
            .await?;
        // Roles are given or invited to at a project, never given to groups there.
        let projects = match giving {
            Giving::Assign | Giving::Invite => {
                project::Entity::find()
                    .filter(project::Column::CompanyId.eq(c.id))
                    .order_by_asc(project::Column::Name)
                    .all(conn)
                    .await?
            }
            Giving::Group(_) => Vec::new(),
        };
        let company = CompanyId(c.id);
        let places = std::iter::once((Scope::Company(company), c.name.clone()))
            .chain(departments.into_iter().map(|d| {
                (
                    Scope::Department(company, DepartmentId(d.id)),
                    format!("{} / {}", c.name, d.name),
                )
            }))
            .chain(projects.into_iter().map(|p| {
                (
                    Scope::Project(company, ProjectId(p.id)),
                    format!("{} / {}", c.name, p.name),
                )
            }));
        // The company's own roles, offered like the built-in ones.
        let ids: Vec<i64> = custom_role::Entity::find()
            .filter(custom_role::Column::CompanyId.eq(c.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        let custom = super::custom_roles::definitions(conn, &ids).await?;
        for (scope, label) in places {
            let roles: Vec<(String, String)> = Role::ALL
                .iter()
                .filter(|r| {
                    let role = (**r).into();
                    match giving {
                        Giving::Invite => may_invite(&principal, role, None, scope, &t),
                        Giving::Assign => may_assign(&principal, role, None, scope, &t),
                        Giving::Group(_) => may_give_to_group(&principal, role, None, scope, &t),
                    }
                    .is_allowed()
                })
                .map(|r| (r.slug().to_string(), r.name().to_string()))
                .chain(
                    custom
                        .iter()
                        .filter(|def| {
                            let role = RoleRef::Custom(def.id);
                            match giving {
                                Giving::Group(_) => {
                                    may_give_to_group(&principal, role, Some(def), scope, &t)
                                }
                                Giving::Invite => {
                                    may_invite(&principal, role, Some(def), scope, &t)
                                }
                                Giving::Assign => {
                                    may_assign(&principal, role, Some(def), scope, &t)
                                }
                            }
                            .is_allowed()
                        })
                        .map(|def| (RoleRef::Custom(def.id).slug(), def.name.clone())),
                )
                .collect();
            if !roles.is_empty() {
                out.push(InvitePlace {
                    company_id: c.id,
                    department_id: match scope {
                        Scope::Department(_, d) => Some(d.0),
                        _ => None,
                    },
                    project_id: match scope {
                        Scope::Project(_, p) => Some(p.0),
                        _ => None,
                    },
                    label,
                    roles,
                });
            }
        }
    }
    Ok(out)
}
