use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CompanySettings;

/// A company's tenant settings: only its Tenant Super Admin (and the
/// platform) may see them (Dispatcher).
#[server(name = CompanySettingsFn, prefix = "/api", endpoint = "company_settings")]
pub async fn company_settings(company_id: i64) -> Result<CompanySettings, AppError> {
    use imprimatur_core::Permission;

    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_tenant_settings(&who, Permission::TenantSettingsEdit, company_id)?;
    let mut settings = ssr::accounts()?
        .company_settings(company_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))?;
    settings.may_rename =
        crate::checks::on_tenant_settings(&who, Permission::TenantName, company_id).is_ok();
    settings.may_change_url =
        crate::checks::on_tenant_settings(&who, Permission::TenantUrl, company_id).is_ok();
    Ok(settings)
}
