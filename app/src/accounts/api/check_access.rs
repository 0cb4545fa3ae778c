use leptos::prelude::*;

use crate::error::AppError;
use crate::model::AccessReport;

/// The access checker: may this member use `permission` on an item in
/// their company and department (their own item, or someone else's)? The
/// answer and the reason come from `core`, with everything the member
/// holds and where each right comes from.
#[server(name = CheckAccess, prefix = "/api", endpoint = "check_access")]
pub async fn check_access(
    user_id: i64,
    permission: String,
    own: bool,
) -> Result<AccessReport, AppError> {
    use imprimatur_core::{
        Names, Permission, Principal, Resource, ResourceKind, Scope, UserId, authorize,
        effective_permissions,
    };

    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::AccessCheck, ResourceKind::Membership)?;
    let accounts = ssr::accounts()?;
    let seen = accounts.member_resources(user_id).await?;
    let me = Principal::User(who.user.principal.clone());
    // Checking is about the member's memberships (company, department).
    let checkable: Vec<&Resource> = seen
        .iter()
        .filter(|r| {
            let mut membership = (*r).clone();
            membership.kind = ResourceKind::Membership;
            authorize(&me, Permission::AccessCheck, &membership).is_allowed()
        })
        .collect();
    let Some(place) = checkable.first().copied() else {
        return Err(AppError::NotFound(
            "There is no such member you may check.".into(),
        ));
    };
    // What the member holds elsewhere is not the checker's to know.
    let companies_checked: Vec<_> = checkable.iter().filter_map(|r| r.company).collect();
    let permission = Permission::from_slug(&permission)
        .ok_or_else(|| AppError::Invalid("Choose one of the actions offered.".into()))?;
    let target = accounts
        .user_principal(user_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such member.".into()))?;
    // The item: in the member's first company and department the checker reaches.
    let kind = permission.resource_kind();
    let mut item = match kind {
        ResourceKind::Portal
        | ResourceKind::PrinterApp
        | ResourceKind::Account
        | ResourceKind::Platform => Resource::new(kind),
        _ => {
            let mut r = Resource::new(kind);
            r.company = place.company;
            r.department = place.department;
            r
        }
    };
    item.owner = Some(if own { UserId(user_id) } else { UserId(0) });
    let member = Principal::User(target.clone());
    let decision = authorize(&member, permission, &item);
    let effective: Vec<_> = effective_permissions(&member)
        .into_iter()
        .filter(|e| {
            e.from
                .scope
                .company()
                .is_none_or(|c| companies_checked.contains(&c))
        })
        .collect();
    let scopes: Vec<Scope> = effective.iter().map(|e| e.from.scope).collect();
    let companies: Vec<i64> = scopes
        .iter()
        .filter_map(|s| s.company().map(|c| c.0))
        .collect();
    let departments: Vec<i64> = scopes
        .iter()
        .filter_map(|s| match s {
            Scope::Department(_, d) => Some(d.0),
            _ => None,
        })
        .chain(place.department.map(|d| d.0))
        .collect();
    let names = accounts.place_names(&companies, &departments).await?;
    let role_name = |r: imprimatur_core::RoleRef| match r {
        imprimatur_core::RoleRef::Builtin(r) => r.name().to_string(),
        imprimatur_core::RoleRef::Custom(id) => names.custom_role(id),
    };
    Ok(AccessReport {
        allowed: decision.is_allowed(),
        reason: decision.explain(&names),
        effective: effective
            .iter()
            .map(|e| {
                (
                    e.permission.label().to_string(),
                    e.reach.describe().to_string(),
                    format!(
                        "{} in {}",
                        role_name(e.from.role),
                        names.scope(e.from.scope)
                    ),
                )
            })
            .collect(),
    })
}
