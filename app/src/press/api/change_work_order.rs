use leptos::prelude::*;

use crate::error::AppError;

/// Generate a work order's secure codes, cancel it or archive it
/// (Scantrust), where core allows it on this work order and its state
/// allows the change. Returns what happened, in words.
#[server(name = ChangeWorkOrder, prefix = "/api", endpoint = "change_work_order")]
pub async fn change_work_order(work_order_id: i64, change: String) -> Result<String, AppError> {
    use crate::model::WorkOrderChange;
    use crate::ssr;
    let Some(change) = WorkOrderChange::from_slug(&change) else {
        return Err(AppError::Invalid(
            "Choose to generate codes, cancel or archive.".into(),
        ));
    };
    let press = ssr::press()?;
    let who = ssr::require_identity()?;
    let permission = change.permission();
    crate::checks::may_at_all(&who, permission, imprimatur_core::ResourceKind::WorkOrder)?;
    let row = super::press_checks::work_order_for(&who, &press, permission, work_order_id).await?;
    let to = change
        .from(row.state, row.archived)
        .map_err(AppError::Conflict)?;
    press
        .change_work_order(&who, &ssr::client(), &row, change, to)
        .await?;
    Ok(match change {
        WorkOrderChange::GenerateCodes => format!(
            "{} secure codes generated for work order #{}.",
            row.quantity, row.id
        ),
        WorkOrderChange::Cancel => format!("Work order #{} cancelled.", row.id),
        WorkOrderChange::Archive => format!("Work order #{} archived.", row.id),
    })
}
