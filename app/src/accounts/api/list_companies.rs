use leptos::prelude::*;

use crate::error::AppError;
use crate::model::CompanyRow;

/// The companies the caller may see: their own, the tenants their dealer
/// manages (Dispatcher tenant manager), or all of them for platform staff.
/// Filtered in SQL from `core`'s visibility.
#[server(name = ListCompanies, prefix = "/api", endpoint = "list_companies")]
pub async fn list_companies() -> Result<Vec<CompanyRow>, AppError> {
    use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    let filters: Vec<Filter> = [Permission::CompanyView, Permission::TenantsViewStatus]
        .into_iter()
        .map(|p| visibility(&me, p, ResourceKind::Company))
        .filter(|f| *f != Filter::None)
        .collect();
    if filters.is_empty() {
        return Err(AppError::Forbidden(
            "None of your roles lets you see companies.".into(),
        ));
    }
    ssr::accounts()?.list_companies(&filters).await
}
