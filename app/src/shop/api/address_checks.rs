//! Checks shared by the address server functions (server only).

use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};

use crate::checks::on_row;
use crate::error::AppError;
use crate::model::{AddressForm, AddressRow, MAX_ADDRESS_FIELD_LEN};
use crate::ssr::{RequestIdentity, SharedShop};

/// What adding or changing an address takes somewhere.
pub const SAVING: [(Permission, ResourceKind); 3] = [
    (
        Permission::CompanyAddressesManage,
        ResourceKind::CompanyAddress,
    ),
    (
        Permission::PersonalAddressesCreate,
        ResourceKind::PersonalAddress,
    ),
    (
        Permission::PersonalAddressesEdit,
        ResourceKind::PersonalAddress,
    ),
];
/// What deleting an address takes somewhere.
pub const DELETING: [(Permission, ResourceKind); 2] = [
    (
        Permission::CompanyAddressesManage,
        ResourceKind::CompanyAddress,
    ),
    (
        Permission::PersonalAddressesDelete,
        ResourceKind::PersonalAddress,
    ),
];

/// Every field filled, on one line, and not too long.
pub fn fields(a: &AddressForm) -> Result<(), AppError> {
    for (label, value, max) in [
        ("a name", &a.name, MAX_ADDRESS_FIELD_LEN),
        ("a street", &a.street, MAX_ADDRESS_FIELD_LEN),
        ("a postcode", &a.postcode, 20),
        ("a city", &a.city, MAX_ADDRESS_FIELD_LEN),
        ("a country", &a.country, 60),
    ] {
        let v = value.trim();
        if v.is_empty() {
            return Err(AppError::Invalid(format!("Give the address {label}.")));
        }
        if v.chars().count() > max || v.chars().any(char::is_control) {
            return Err(AppError::Invalid(format!(
                "Give {label} of at most {max} characters on one line."
            )));
        }
    }
    Ok(())
}

/// 403 unless some role grants one of `permissions` somewhere.
pub fn may_any(
    who: &RequestIdentity,
    permissions: &[(Permission, ResourceKind)],
) -> Result<(), AppError> {
    let me = Principal::User(who.user.principal.clone());
    if permissions
        .iter()
        .any(|(p, k)| visibility(&me, *p, *k) != Filter::None)
    {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "None of your roles lets you keep addresses.".into(),
        ))
    }
}

/// The permission to see an address of its kind.
pub fn seeing(a: &AddressRow) -> Permission {
    if a.owner_id.is_some() {
        Permission::PersonalAddressesView
    } else {
        Permission::CompanyAddressesView
    }
}

/// The address `id` for `permission`: 404 when the caller may not even see
/// it, 403 with core's reason otherwise.
pub async fn address_for(
    who: &RequestIdentity,
    shop: &SharedShop,
    pick: impl Fn(&AddressRow) -> Permission,
    id: i64,
) -> Result<AddressRow, AppError> {
    let missing = || AppError::NotFound("There is no such address.".into());
    let address = shop.address(id).await?.ok_or_else(missing)?;
    let me = Principal::User(who.user.principal.clone());
    let seen = [seeing(&address)];
    on_row(&me, pick(&address), &address.resource(), &seen, missing())?;
    Ok(address)
}
