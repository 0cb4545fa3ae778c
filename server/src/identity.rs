//! Turn database rows into `core`'s principal and the page's `CurrentUser`.

pub mod held_roles;

use std::collections::HashMap;

use imprimatur_app::model::{CurrentUser, RoleHeld};
use imprimatur_core::{
    Assignment, ChapterGrant, ChapterId, CompanyId, DepartmentId, DepartmentTypes, ProjectId, Role,
    RoleRef, Scope, UserId, UserPrincipal, UserState,
};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationDef,
};

use crate::db::Db;
use crate::db::entities::{
    chapter, chapter_grant, company, department, department_member, department_publication_type,
    project, role_assignment, user,
};
pub use crate::email_address::normalize_email;
use crate::error::ServerError;
use held_roles::{assignments_of, definitions};

pub fn parse_state(s: &str) -> Result<UserState, ServerError> {
    Ok(match s {
        "invited" => UserState::Invited,
        "active" => UserState::Active,
        "inactive" => UserState::Inactive,
        "suspended" => UserState::Suspended,
        other => {
            return Err(ServerError::Corrupt(format!(
                "unknown user state {other:?}"
            )));
        }
    })
}

pub fn state_name(s: UserState) -> &'static str {
    s.label()
}

/// The scope an assignment row names.
pub fn scope_of(row: &role_assignment::Model) -> Scope {
    match (row.company_id, row.department_id, row.project_id) {
        (None, ..) => Scope::Platform,
        (Some(c), _, Some(p)) => Scope::Project(CompanyId(c), ProjectId(p)),
        (Some(c), None, None) => Scope::Company(CompanyId(c)),
        (Some(c), Some(d), None) => Scope::Department(CompanyId(c), DepartmentId(d)),
    }
}

/// Everything the portal needs to know about a user, from four small queries.
pub async fn load(db: &Db, u: &user::Model) -> Result<CurrentUser, ServerError> {
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(u.id))
        .all(&db.read)
        .await?;
    let departments: Vec<DepartmentId> = department_member::Entity::find()
        .filter(department_member::Column::UserId.eq(u.id))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|m| DepartmentId(m.department_id))
        .collect();

    // Direct roles first, then those held through member groups.
    let mut held: Vec<(Assignment, Option<String>)> = Vec::with_capacity(rows.len());
    for row in &rows {
        match RoleRef::from_slug(&row.role) {
            Some(role) => held.push((Assignment::new(role, scope_of(row)), None)),
            None => {
                tracing::warn!(assignment = row.id, role = %row.role, "skipping an assignment of an unknown role");
            }
        }
    }
    for (a, group) in assignments_of(&db.read, u.id).await? {
        held.push((a, Some(group)));
    }
    let company_ids: Vec<i64> = held
        .iter()
        .filter_map(|(a, _)| a.scope.company())
        .map(|c| c.0)
        .collect();
    let department_ids: Vec<i64> = held
        .iter()
        .filter_map(|(a, _)| match a.scope {
            Scope::Department(_, d) => Some(d.0),
            _ => None,
        })
        .collect();
    let company_names: HashMap<i64, String> = company::Entity::find()
        .filter(company::Column::Id.is_in(company_ids))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let department_names: HashMap<i64, String> = department::Entity::find()
        .filter(department::Column::Id.is_in(department_ids))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let project_ids: Vec<i64> = held
        .iter()
        .filter_map(|(a, _)| match a.scope {
            Scope::Project(_, p) => Some(p.0),
            _ => None,
        })
        .collect();
    let project_names: HashMap<i64, String> = project::Entity::find()
        .filter(project::Column::Id.is_in(project_ids))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();

    let mut principal = UserPrincipal::active(UserId(u.id));
    principal.state = parse_state(&u.state)?;
    principal.department_types = department_types(db, &departments).await?;
    principal.departments = departments;
    let custom_ids: Vec<i64> = held
        .iter()
        .filter_map(|(a, _)| match a.role {
            RoleRef::Custom(id) => Some(id.0),
            RoleRef::Builtin(_) => None,
        })
        .collect();
    principal.custom_roles = definitions(&db.read, &custom_ids).await?;
    let mut roles = Vec::new();
    for (a, group) in held {
        let (name, family) = match a.role {
            RoleRef::Builtin(r) => (r.name().to_string(), r.family()),
            RoleRef::Custom(id) => match principal.custom_role(id) {
                Some(c) => (c.name.clone(), c.family),
                None => continue,
            },
        };
        principal.assignments.push(a);
        let place = match a.scope {
            Scope::Platform => "the platform".to_string(),
            Scope::Department(_, d) => department_names.get(&d.0).cloned().unwrap_or_default(),
            Scope::Company(c) => company_names.get(&c.0).cloned().unwrap_or_default(),
            Scope::Project(c, p) => format!(
                "{} / {}",
                company_names.get(&c.0).cloned().unwrap_or_default(),
                project_names.get(&p.0).cloned().unwrap_or_default()
            ),
        };
        roles.push(RoleHeld {
            role: name,
            family: family.label().to_string(),
            scope: match group {
                Some(g) => format!("{place} (through the group \u{201c}{g}\u{201d})"),
                None => place,
            },
        });
    }
    principal.managed_tenants = managed_tenants(db, &rows).await?;
    principal.chapter_grants = chapter_grants(db, u.id).await?;
    let startup = principal
        .assignments
        .iter()
        .filter_map(|a| match a.role {
            RoleRef::Builtin(r) => Some(r.def()),
            RoleRef::Custom(_) => None,
        })
        .max_by_key(|d| d.rank)
        .map(|d| d.startup);
    Ok(CurrentUser {
        id: u.id,
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        principal,
        roles,
        startup,
        impersonated_by: None,
    })
}

/// The customer companies managed by the dealers where the person holds a
/// Tenant Manager role (Dispatcher): they manage them without being members.
async fn managed_tenants(
    db: &Db,
    rows: &[role_assignment::Model],
) -> Result<Vec<CompanyId>, ServerError> {
    let dealers: Vec<i64> = rows
        .iter()
        .filter(|r| {
            matches!(
                Role::from_slug(&r.role),
                Some(Role::TenantManager | Role::TenantManagerAndAdmin)
            )
        })
        .filter_map(|r| r.company_id)
        .collect();
    if dealers.is_empty() {
        return Ok(Vec::new());
    }
    Ok(company::Entity::find()
        .filter(company::Column::DealerId.is_in(dealers))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|c| CompanyId(c.id))
        .collect())
}

/// The publication types each of `departments` is limited to (those with
/// none assigned order every type and are left out).
async fn department_types(
    db: &Db,
    departments: &[DepartmentId],
) -> Result<Vec<DepartmentTypes>, ServerError> {
    let rows = department_publication_type::Entity::find()
        .filter(
            department_publication_type::Column::DepartmentId
                .is_in(departments.iter().map(|d| d.0)),
        )
        .order_by_asc(department_publication_type::Column::DepartmentId)
        .order_by_asc(department_publication_type::Column::PublicationType)
        .all(&db.read)
        .await?;
    let mut out: Vec<DepartmentTypes> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some(last) if last.department.0 == row.department_id => {
                last.publication_types.push(row.publication_type);
            }
            _ => out.push(DepartmentTypes {
                department: DepartmentId(row.department_id),
                publication_types: vec![row.publication_type],
            }),
        }
    }
    Ok(out)
}

/// The person's chapter levels (CtrlPrint), each with its chapter's
/// project: one query.
async fn chapter_grants(db: &Db, user_id: i64) -> Result<Vec<ChapterGrant>, ServerError> {
    let of_chapter: RelationDef = chapter_grant::Entity::belongs_to(chapter::Entity)
        .from(chapter_grant::Column::ChapterId)
        .to(chapter::Column::Id)
        .into();
    let rows: Vec<(i64, i64, String)> = chapter_grant::Entity::find()
        .select_only()
        .column(chapter_grant::Column::ChapterId)
        .column(chapter::Column::ProjectId)
        .column(chapter_grant::Column::Level)
        .join(JoinType::InnerJoin, of_chapter)
        .filter(chapter_grant::Column::UserId.eq(user_id))
        .order_by_asc(chapter_grant::Column::ChapterId)
        .into_tuple()
        .all(&db.read)
        .await?;
    rows.into_iter()
        .map(|(chapter, project, slug)| {
            let level = imprimatur_app::documents::model::level_from_slug(&slug)
                .ok_or_else(|| ServerError::Corrupt(format!("unknown chapter level {slug:?}")))?;
            Ok(ChapterGrant {
                project: ProjectId(project),
                chapter: ChapterId(chapter),
                level,
            })
        })
        .collect()
}
