use leptos::prelude::*;

use crate::error::AppError;

/// Archive printing equipment (Scantrust): it no longer prints or is
/// offered for quality checks; its past checks keep naming it.
#[server(name = ArchiveEquipment, prefix = "/api", endpoint = "archive_equipment")]
pub async fn archive_equipment(equipment_id: i64) -> Result<String, AppError> {
    use imprimatur_core::{Permission, ResourceKind};

    use crate::ssr;
    let press = ssr::press()?;
    let who = ssr::require_identity()?;
    let manage = Permission::EquipmentManage;
    crate::checks::may_at_all(&who, manage, ResourceKind::Equipment)?;
    let row = super::press_checks::equipment_for(&who, &press, &[manage], equipment_id).await?;
    if row.archived {
        return Err(AppError::Conflict(format!(
            "{} is archived already.",
            row.name
        )));
    }
    press.archive_equipment(&who, &ssr::client(), &row).await?;
    Ok(format!("{} archived.", row.name))
}
