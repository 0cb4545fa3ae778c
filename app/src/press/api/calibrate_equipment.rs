use leptos::prelude::*;

use crate::error::AppError;

/// Record a calibration (Scantrust: the Account Admin "calibrate/
/// re-calibrate" equipment; the Print Operator does it on the printer
/// app): the score of the calibration print, 0–100. From 80 the equipment
/// may print codes; below, it needs calibrating again.
#[server(name = CalibrateEquipment, prefix = "/api", endpoint = "calibrate_equipment")]
pub async fn calibrate_equipment(equipment_id: i64, score: i32) -> Result<String, AppError> {
    use imprimatur_core::Permission;

    use crate::model::{CALIBRATION_PASS, checked_score};
    use crate::ssr;
    let press = ssr::press()?;
    let who = ssr::require_identity()?;
    let asks = [
        Permission::EquipmentManage,
        Permission::PrinterAppCalibrateQa,
    ];
    let may = crate::checks::may_at_all(
        &who,
        Permission::EquipmentManage,
        imprimatur_core::ResourceKind::Equipment,
    )
    .or_else(|_| {
        crate::checks::may_at_all(
            &who,
            Permission::PrinterAppCalibrateQa,
            imprimatur_core::ResourceKind::PrinterApp,
        )
    });
    may?;
    let row = super::press_checks::equipment_for(&who, &press, &asks, equipment_id).await?;
    let passed = checked_score(score).map_err(AppError::Invalid)?;
    if row.archived {
        return Err(AppError::Conflict(format!("{} is archived.", row.name)));
    }
    press
        .calibrate(&who, &ssr::client(), &row, score, passed)
        .await?;
    Ok(if passed {
        format!("{} calibrated (score {score}).", row.name)
    } else {
        format!(
            "{} failed calibration (score {score}, {CALIBRATION_PASS} needed): calibrate it again before it prints.",
            row.name
        )
    })
}
