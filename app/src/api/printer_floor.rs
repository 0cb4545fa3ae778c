use leptos::prelude::*;

use crate::error::AppError;
use crate::model::PrinterFloor;

/// The printer app's screen (Scantrust: "Conduct equipment calibration and
/// QA … on Scantrust Printer app"): the work orders with codes that wait
/// for a quality check, and the equipment, of the companies where the
/// caller may use the printer app.
#[server(name = PrinterFloorOf, prefix = "/api", endpoint = "printer_floor")]
pub async fn printer_floor() -> Result<PrinterFloor, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let press = crate::ssr::press()?;
    let who = crate::ssr::require_identity()?;
    let app = Permission::PrinterAppCalibrateQa;
    let me = Principal::User(who.user.principal.clone());
    // The printer app is personal (no company) in core; its rows here are
    // a company's, so only the company conjuncts of the filter count.
    let filter =
        super::press_checks::companies_only(visibility(&me, app, ResourceKind::PrinterApp));
    if filter == imprimatur_core::Filter::None {
        return Err(AppError::Forbidden(format!(
            "None of your roles allows \u{201c}{}\u{201d}.",
            app.label()
        )));
    }
    let work_orders = press
        .work_orders(&filter, false)
        .await?
        .into_iter()
        .filter(|w| w.state.awaits_check() || w.state == crate::model::WorkOrderState::QaPassed)
        .collect();
    let equipment = press.equipment(&filter, false).await?;
    Ok(PrinterFloor {
        work_orders,
        equipment,
    })
}
