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

    use crate::model::WorkOrderState;
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
    // Those with codes: waiting for a check, or checked (done).
    let with_codes = WorkOrderState::ALL.map(|s| s.has_codes().then_some(s));
    let with_codes: Vec<WorkOrderState> = with_codes.into_iter().flatten().collect();
    let work_orders = press.work_orders(&filter, false, &with_codes).await?;
    let equipment = press.equipment(&filter, false).await?;
    Ok(PrinterFloor {
        work_orders,
        equipment,
    })
}
