use leptos::prelude::*;

use crate::error::AppError;

/// Add printing equipment to a print partner, or rename it (Scantrust:
/// "Manage (create/ … / edit/ archive) printing equipment"). New equipment
/// needs calibrating before it prints codes.
#[server(name = SaveEquipment, prefix = "/api", endpoint = "save_equipment")]
pub async fn save_equipment(
    equipment_id: Option<i64>,
    company_id: i64,
    name: String,
) -> Result<String, AppError> {
    use imprimatur_core::{CompanyId, Permission, Principal, Resource, ResourceKind, authorize};

    use crate::model::checked_equipment_name;
    use crate::ssr;
    let press = ssr::press()?;
    let who = ssr::require_identity()?;
    let manage = Permission::EquipmentManage;
    crate::checks::may_at_all(&who, manage, ResourceKind::Equipment)?;
    let company_id = match equipment_id {
        Some(id) => {
            let row = super::press_checks::equipment_for(&who, &press, &[manage], id).await?;
            if row.archived {
                return Err(AppError::Conflict("This equipment is archived.".into()));
            }
            row.company_id
        }
        None => {
            let me = Principal::User(who.user.principal.clone());
            let here = Resource::in_company(ResourceKind::Equipment, CompanyId(company_id));
            crate::checks::allowed(authorize(&me, manage, &here))?;
            if !press.is_print_partner(company_id).await? {
                return Err(AppError::Invalid(
                    "Only a print partner has printing equipment.".into(),
                ));
            }
            company_id
        }
    };
    let name = checked_equipment_name(&name).map_err(AppError::Invalid)?;
    press
        .save_equipment(&who, &ssr::client(), equipment_id, company_id, &name)
        .await?;
    Ok(match equipment_id {
        Some(_) => format!("Renamed to {name}."),
        None => format!("{name} added. Calibrate it before it prints codes."),
    })
}
