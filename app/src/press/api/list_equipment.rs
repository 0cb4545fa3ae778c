use leptos::prelude::*;

use crate::error::AppError;
use crate::model::EquipmentList;

/// The printing equipment the caller may see (Scantrust: "View printing
/// equipment"), filtered in SQL, archived pieces when asked; and the print
/// partners where the caller may add equipment.
#[server(name = ListEquipment, prefix = "/api", endpoint = "list_equipment")]
pub async fn list_equipment(archived: bool) -> Result<EquipmentList, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, visibility};
    let press = crate::ssr::press()?;
    let who = crate::ssr::require_identity()?;
    let view = Permission::EquipmentView;
    crate::checks::may_at_all(&who, view, ResourceKind::Equipment)?;
    let me = Principal::User(who.user.principal.clone());
    let rows = press
        .equipment(&visibility(&me, view, ResourceKind::Equipment), archived)
        .await?;
    let manage = visibility(&me, Permission::EquipmentManage, ResourceKind::Equipment);
    let places = press.print_partners(&manage).await?;
    Ok(EquipmentList { rows, places })
}
