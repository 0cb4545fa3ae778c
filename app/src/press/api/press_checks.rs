//! The `core` questions the print partner's server functions ask about one
//! work order or piece of equipment: 404 when the caller may not even see
//! it (nothing is revealed), 403 with core's reason when they see it but
//! may not do this.

use imprimatur_core::{Decision, Permission, Principal, Resource, authorize};

use crate::checks::allowed;
use crate::error::AppError;
use crate::model::{EquipmentRow, WorkOrderRow};
use crate::ssr::{RequestIdentity, SharedPress};

fn me(who: &RequestIdentity) -> Principal {
    Principal::User(who.user.principal.clone())
}

/// The first allowing decision among `asks`, else the first refusal; 404
/// (`missing`) when neither `asks` nor `sees` allows anything.
fn decide(
    me: &Principal,
    asks: &[(Permission, Resource)],
    sees: &[(Permission, Resource)],
    missing: AppError,
) -> Result<(), AppError> {
    let decisions: Vec<Decision> = asks.iter().map(|(p, r)| authorize(me, *p, r)).collect();
    if decisions.iter().any(Decision::is_allowed) {
        return Ok(());
    }
    if !sees.iter().any(|(p, r)| authorize(me, *p, r).is_allowed()) {
        return Err(missing);
    }
    match decisions.into_iter().next() {
        Some(d) => allowed(d),
        None => Err(missing),
    }
}

/// What sees a work order: the work-order list, or the printer app in its company.
fn sees_work_order(row: &WorkOrderRow) -> [(Permission, Resource); 2] {
    [
        (Permission::WorkOrdersView, row.resource()),
        (Permission::PrinterAppCalibrateQa, row.printer_app()),
    ]
}

fn sees_equipment(row: &EquipmentRow) -> [(Permission, Resource); 2] {
    [
        (Permission::EquipmentView, row.resource()),
        (Permission::PrinterAppCalibrateQa, row.printer_app()),
    ]
}

/// The work order, if the caller may use `permission` on it (the printer
/// app's permission is asked about the printer app in its company).
pub async fn work_order_for(
    who: &RequestIdentity,
    press: &SharedPress,
    permission: Permission,
    id: i64,
) -> Result<WorkOrderRow, AppError> {
    let missing = || AppError::NotFound("There is no such work order.".into());
    let row = press.work_order(id).await?.ok_or_else(missing)?;
    let on = if permission == Permission::PrinterAppCalibrateQa {
        row.printer_app()
    } else {
        row.resource()
    };
    decide(
        &me(who),
        &[(permission, on)],
        &sees_work_order(&row),
        missing(),
    )?;
    Ok(row)
}

/// The equipment, if any of `asks` (each asked about the equipment, or the
/// printer app in its company) allows.
pub async fn equipment_for(
    who: &RequestIdentity,
    press: &SharedPress,
    asks: &[Permission],
    id: i64,
) -> Result<EquipmentRow, AppError> {
    let missing = || AppError::NotFound("There is no such equipment.".into());
    let row = press.equipment_one(id).await?.ok_or_else(missing)?;
    let asks: Vec<(Permission, Resource)> = asks
        .iter()
        .map(|p| match p {
            Permission::PrinterAppCalibrateQa => (*p, row.printer_app()),
            _ => (*p, row.resource()),
        })
        .collect();
    decide(&me(who), &asks, &sees_equipment(&row), missing())?;
    Ok(row)
}

/// A filter of the printer app (personal in core: it also matches "no
/// company") bounded to the companies it names, for company rows.
pub fn companies_only(filter: imprimatur_core::Filter) -> imprimatur_core::Filter {
    use imprimatur_core::{Filter, Match};
    match filter {
        Filter::AnyOf(conjuncts) => {
            let kept: Vec<_> = conjuncts
                .into_iter()
                .filter(|c| !matches!(c.company, Match::Null))
                .collect();
            if kept.is_empty() {
                Filter::None
            } else {
                Filter::AnyOf(kept)
            }
        }
        other => other,
    }
}
