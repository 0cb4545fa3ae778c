use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ImportReport;

/// Import members from CSV (PrintJob: "import them from CSV") into a
/// company: a dry run lists every line's problems; the import creates all
/// the accounts or none, inactive or invited, each with its department and
/// role. Every line is checked by `core` as if the person were created by hand.
#[server(name = ImportMembers, prefix = "/api", endpoint = "import_members")]
pub async fn import_members(
    company_id: i64,
    csv: String,
    invite: bool,
    commit: bool,
) -> Result<ImportReport, AppError> {
    use imprimatur_core::{
        CompanyId, DepartmentId, Filter, Permission, Principal, Resource, ResourceKind, Scope,
        authorize, may_assign, visibility,
    };

    use crate::model::MAX_IMPORT_BYTES;
    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    // Before anything is read: core must let the caller create users
    // somewhere in this company, so an unknown company and a foreign one
    // get the same 403.
    let reaches = match visibility(&me, Permission::UsersCreate, ResourceKind::User) {
        Filter::All => true,
        Filter::None => false,
        Filter::AnyOf(places) => places
            .iter()
            .any(|p| p.company.matches(Some(&CompanyId(company_id)))),
    };
    if !reaches {
        return Err(AppError::Forbidden(
            "None of your roles lets you create users in this company.".into(),
        ));
    }
    if csv.len() > MAX_IMPORT_BYTES {
        return Err(AppError::Invalid(format!(
            "The file is larger than {} kB; split it.",
            MAX_IMPORT_BYTES / 1000
        )));
    }
    let accounts = ssr::accounts()?;
    let target = accounts.assign_target(company_id, None, None).await?;
    let mut rows = accounts.read_import(company_id, &csv).await?;
    for row in rows.iter_mut() {
        let scope = match &row.department {
            Some((d, _)) => Scope::Department(CompanyId(company_id), DepartmentId(*d)),
            None => Scope::Company(CompanyId(company_id)),
        };
        let mut place = Resource::in_company(ResourceKind::User, CompanyId(company_id));
        place.department = row.department.as_ref().map(|(d, _)| DepartmentId(*d));
        let create = authorize(&me, Permission::UsersCreate, &place);
        if !create.is_allowed() {
            row.errors.push(format!(
                "You may not create users there. {}",
                create.explain(&imprimatur_core::NumericNames)
            ));
            continue;
        }
        if let Some(role) = row.role {
            let give = may_assign(&me, role.into(), None, scope, &target);
            if !give.is_allowed() {
                row.errors.push(format!(
                    "You may not give the role {} there. {}",
                    role.name(),
                    give.explain(&imprimatur_core::NumericNames)
                ));
            }
        }
    }
    let total = rows.len();
    let problems: Vec<_> = rows
        .iter()
        .filter(|r| !r.errors.is_empty())
        .cloned()
        .collect();
    if !commit || !problems.is_empty() {
        return Ok(ImportReport {
            rows: total,
            problems,
            imported: 0,
        });
    }
    let imported = accounts
        .import_members(&who, &ssr::client(), company_id, &rows, invite)
        .await?;
    Ok(ImportReport {
        rows: total,
        problems,
        imported,
    })
}
