use leptos::prelude::*;

use crate::error::AppError;

/// Delete an address where core allows it. Orders keep the address they
/// were shipped to.
#[server(name = DeleteAddress, prefix = "/api", endpoint = "delete_address")]
pub async fn delete_address(address_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    use imprimatur_core::Permission;
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    super::address_checks::may_any(&who, &super::address_checks::DELETING)?;
    let delete = |a: &crate::model::AddressRow| {
        if a.owner_id.is_some() {
            Permission::PersonalAddressesDelete
        } else {
            Permission::CompanyAddressesManage
        }
    };
    let old = super::address_checks::address_for(&who, &shop, delete, address_id).await?;
    shop.delete_address(&who, &ssr::client(), old.id).await
}
