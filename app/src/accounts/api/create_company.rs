use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CompanyForm;

/// Create a company (only the platform does, CtrlPrint) and invite its
/// first administrator with its top role: Tenant Super Admin for a
/// customer, Account Admin (Print) for a print partner, Tenant Manager for
/// a dealer. The data region is chosen here once.
#[server(name = CreateCompany, prefix = "/api", endpoint = "create_company")]
pub async fn create_company(company: CompanyForm) -> Result<String, AppError> {
    use imprimatur_core::{CompanyKind, Permission, Principal, Resource, ResourceKind, authorize};

    use crate::model::{DATA_REGIONS, NewCompany};
    use crate::ssr;
    let CompanyForm {
        name,
        slug,
        kind,
        family,
        public,
        data_region,
        dealer_id,
        admin_email,
        admin_name,
    } = company;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(authorize(
        &me,
        Permission::CompaniesCreate,
        &Resource::new(ResourceKind::Platform),
    ))?;
    let (name, slug, admin_email) = (name.trim(), slug.trim(), admin_email.trim());
    crate::checks::company_name(name)?;
    crate::checks::slug(slug)?;
    crate::checks::email(admin_email)?;
    crate::checks::display_name(admin_name.trim())?;
    let kind = CompanyKind::from_slug(&kind)
        .ok_or_else(|| AppError::Invalid("Choose the kind of company.".into()))?;
    if !DATA_REGIONS.iter().any(|(r, _)| *r == data_region) {
        return Err(AppError::Invalid(
            "Choose where the company's data is kept.".into(),
        ));
    }
    let dealer_id = match dealer_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(
            id.parse::<i64>()
                .map_err(|_| AppError::Invalid("Choose a dealer from the list.".into()))?,
        ),
    };
    let new = NewCompany {
        name: name.to_string(),
        slug: slug.to_string(),
        kind,
        family: crate::checks::customer_family(kind, family.as_deref())?,
        public: public.unwrap_or(false) && kind == CompanyKind::Customer,
        data_region,
        dealer_id,
        admin_email: admin_email.to_string(),
        admin_name: admin_name.trim().to_string(),
    };
    ssr::accounts()?
        .create_company(&who, &ssr::client(), &new)
        .await?;
    Ok(format!(
        "{} created; {} is invited as {}.",
        new.name,
        new.admin_email,
        kind.first_admin_role().name()
    ))
}
