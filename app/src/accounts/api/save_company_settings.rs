use leptos::prelude::*;

use crate::error::AppError;

/// Change a company's tenant settings: its name, its unique URL name, its
/// customer role family (while no member holds one of its roles) and the
/// e-mail domains its external approvers may use. The data region and the
/// sign-in method were chosen at set-up and stay.
#[server(name = SaveCompanySettings, prefix = "/api", endpoint = "save_company_settings")]
pub async fn save_company_settings(
    company_id: i64,
    name: String,
    slug: String,
    family: Option<String>,
    approver_domains: String,
) -> Result<(), AppError> {
    use imprimatur_core::{CompanyKind, Permission};

    use crate::model::SettingsChange;
    use crate::ssr;
    let who = ssr::require_identity()?;
    let check = |p| crate::checks::on_tenant_settings(&who, p, company_id);
    check(Permission::TenantSettingsEdit)?;
    let accounts = ssr::accounts()?;
    let current = accounts
        .company_settings(company_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))?;
    let (name, slug) = (name.trim(), slug.trim());
    if name != current.name {
        check(Permission::TenantName)?;
        crate::checks::company_name(name)?;
    }
    if slug != current.slug {
        check(Permission::TenantUrl)?;
        crate::checks::slug(slug)?;
    }
    let kind = CompanyKind::from_slug(&current.kind).ok_or(AppError::Internal)?;
    let change = SettingsChange {
        name: name.to_string(),
        slug: slug.to_string(),
        family: crate::checks::customer_family(kind, family.as_deref())?,
        approver_domains: crate::checks::domains(&approver_domains)?,
    };
    accounts
        .save_company_settings(&who, &ssr::client(), company_id, &change)
        .await
}
