use leptos::prelude::*;

use crate::error::AppError;

/// A quality check on the printer app (Scantrust: "Conduct … QA on
/// Scantrust Secure Code work order"): how many printed codes were scanned
/// on which calibrated equipment, and how many verified. At least 95 %
/// passes the work order; less fails it until a new check passes.
#[server(name = RecordQualityCheck, prefix = "/api", endpoint = "record_quality_check")]
pub async fn record_quality_check(
    work_order_id: i64,
    equipment_id: i64,
    scanned: i32,
    verified: i32,
) -> Result<String, AppError> {
    use imprimatur_core::{Permission, ResourceKind};

    use crate::model::checked_qa;
    use crate::ssr::{self, QualityCheck};
    let press = ssr::press()?;
    let who = ssr::require_identity()?;
    let app = Permission::PrinterAppCalibrateQa;
    crate::checks::may_at_all(&who, app, ResourceKind::PrinterApp)?;
    let row = super::press_checks::work_order_for(&who, &press, app, work_order_id).await?;
    let passed = checked_qa(scanned, verified).map_err(AppError::Invalid)?;
    if row.archived || !row.state.awaits_check() {
        return Err(AppError::Conflict(format!(
            "Work order #{} does not wait for a quality check: it is {}.",
            row.id,
            row.state.label().to_lowercase()
        )));
    }
    let check = QualityCheck {
        work_order_id: row.id,
        equipment_id,
        scanned,
        verified,
        passed,
    };
    let state = press
        .record_quality_check(&who, &ssr::client(), &row, check)
        .await?;
    Ok(format!(
        "Work order #{}: {verified} of {scanned} codes verified. {}.",
        row.id,
        state.label()
    ))
}
