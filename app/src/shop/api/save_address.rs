use leptos::prelude::*;

use crate::error::AppError;
use crate::model::AddressForm;

/// Add an address (a company address, or the caller's own personal one) or
/// change one, each where core allows it (PrintJob: a Senior Manager keeps
/// company addresses but does not assign them to departments, and edits
/// personal addresses without adding them). Returns the address's id.
#[server(name = SaveAddress, prefix = "/api", endpoint = "save_address")]
pub async fn save_address(address: AddressForm) -> Result<i64, AppError> {
    use super::address_checks as check;
    use crate::checks::allowed;
    use crate::ssr::{self, SavedAddress};
    use imprimatur_core::{
        CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, UserId, authorize,
    };
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    check::may_any(&who, &check::SAVING)?;
    let me = Principal::User(who.user.principal.clone());
    check::fields(&address)?;
    let department = match address.department_id.trim() {
        "" => None,
        d => Some(
            d.parse::<i64>()
                .map_err(|_| AppError::Invalid("Choose a department from the list.".into()))?,
        ),
    };
    let assign = |company: i64, d: Option<i64>| -> Result<(), AppError> {
        let mut r = Resource::in_company(ResourceKind::CompanyAddress, CompanyId(company));
        if let Some(d) = d {
            r = r.with_department(DepartmentId(d));
        }
        allowed(authorize(&me, Permission::CompanyAddressesAssign, &r))
    };
    let (id, company_id, department_id, owner_id) = if address.id == 0 {
        let missing = || AppError::NotFound("There is no such company.".into());
        let place = shop
            .address_places(Some(vec![address.company_id]))
            .await?
            .pop()
            .ok_or_else(missing)?;
        let company = CompanyId(place.company_id);
        if address.personal {
            let owner_department = shop.department_in(who.user.id, company.0).await?;
            let mut r = Resource::in_company(ResourceKind::PersonalAddress, company)
                .with_owner(UserId(who.user.id));
            if let Some(d) = owner_department {
                r = r.with_department(DepartmentId(d));
            }
            allowed(authorize(&me, Permission::PersonalAddressesCreate, &r))?;
            (None, company.0, owner_department, Some(who.user.id))
        } else {
            let mut r = Resource::in_company(ResourceKind::CompanyAddress, company);
            if let Some(d) = department {
                if !place.departments.iter().any(|(id, _)| *id == d) {
                    return Err(AppError::Invalid(
                        "Choose a department of this company.".into(),
                    ));
                }
                r = r.with_department(DepartmentId(d));
            }
            allowed(authorize(&me, Permission::CompanyAddressesManage, &r))?;
            if department.is_some() {
                assign(company.0, department)?;
            }
            (None, company.0, department, None)
        }
    } else {
        let edit = |a: &crate::model::AddressRow| {
            if a.owner_id.is_some() {
                Permission::PersonalAddressesEdit
            } else {
                Permission::CompanyAddressesManage
            }
        };
        let old = check::address_for(&who, &shop, edit, address.id).await?;
        // Only a company address is assigned; a personal one keeps its
        // owner's department.
        let department_id = if old.owner_id.is_none() && department != old.department_id {
            assign(old.company_id, old.department_id)?;
            assign(old.company_id, department)?;
            let place = shop.address_places(Some(vec![old.company_id])).await?;
            let known = place
                .iter()
                .flat_map(|p| &p.departments)
                .any(|(id, _)| Some(*id) == department);
            if department.is_some() && !known {
                return Err(AppError::Invalid(
                    "Choose a department of this company.".into(),
                ));
            }
            department
        } else {
            old.department_id
        };
        (Some(old.id), old.company_id, department_id, old.owner_id)
    };
    let saved = SavedAddress {
        id,
        company_id,
        department_id,
        owner_id,
        name: address.name.trim().to_string(),
        street: address.street.trim().to_string(),
        postcode: address.postcode.trim().to_string(),
        city: address.city.trim().to_string(),
        country: address.country.trim().to_string(),
    };
    shop.save_address(&who, &ssr::client(), saved).await
}
