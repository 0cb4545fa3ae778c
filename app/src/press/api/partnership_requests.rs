use leptos::prelude::*;

use crate::error::AppError;
use crate::model::PartnershipRequestRow;

/// The print partners asking to print for company `company_id`, for those
/// who keep its tenant settings (they accept or decline).
#[server(name = PartnershipRequests, prefix = "/api", endpoint = "partnership_requests")]
pub async fn partnership_requests(company_id: i64) -> Result<Vec<PartnershipRequestRow>, AppError> {
    use imprimatur_core::Permission;

    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_tenant_settings(&who, Permission::TenantSettingsEdit, company_id)?;
    ssr::press()?.partnership_requests(company_id).await
}
