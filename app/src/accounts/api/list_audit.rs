use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{AuditQuery, AuditRow};

/// The audit trail the caller may see (core's visibility, applied in SQL).
#[server(name = ListAudit, prefix = "/api", endpoint = "list_audit")]
pub async fn list_audit(query: AuditQuery) -> Result<Vec<AuditRow>, AppError> {
    use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    let filter = visibility(&me, Permission::AuditView, ResourceKind::AuditLog);
    if filter == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you see the audit trail.".into(),
        ));
    }
    if query.email.len() > crate::auth::api::MAX_EMAIL_LEN
        || query.action.len() > 64
        || query.outcome.len() > 16
    {
        return Err(AppError::Invalid("The filter is too long.".into()));
    }
    ssr::accounts()?.list_audit(&filter, &query).await
}
