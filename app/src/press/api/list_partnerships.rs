use leptos::prelude::*;

use crate::error::AppError;
use crate::model::PartnerCompany;

/// The print partners whose partnerships the caller manages (Scantrust:
/// "Manage … partnerships"), with the customer companies each prints for.
#[server(name = ListPartnerships, prefix = "/api", endpoint = "list_partnerships")]
pub async fn list_partnerships() -> Result<Vec<PartnerCompany>, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let press = crate::ssr::press()?;
    let who = crate::ssr::require_identity()?;
    let manage = Permission::PartnershipsManage;
    crate::checks::may_at_all(&who, manage, ResourceKind::Partnership)?;
    let me = Principal::User(who.user.principal.clone());
    press
        .partnerships(&visibility(&me, manage, ResourceKind::Partnership))
        .await
}
