use leptos::prelude::*;

use crate::error::AppError;

/// Put a print job on hold, release it, or mark it as shipped, where core
/// allows the change to this job and its status allows it (see
/// `core::StatusChange`). Returns the job's new status.
#[server(name = ChangeJobStatus, prefix = "/api", endpoint = "change_job_status")]
pub async fn change_job_status(order_id: i64, change: String) -> Result<String, AppError> {
    use super::order_checks as check;
    use crate::ssr;
    use imprimatur_core::StatusChange;
    let Some(change) = StatusChange::from_slug(&change) else {
        return Err(AppError::Invalid(
            "Choose hold, release or ship as the change.".into(),
        ));
    };
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    let order = check::order_for(&who, &shop, change.permission(), order_id).await?;
    let state = shop
        .change_status(&who, &ssr::client(), order.id, change)
        .await?;
    Ok(state.label().to_string())
}
