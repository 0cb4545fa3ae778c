use leptos::prelude::*;

use crate::error::AppError;
use crate::model::AddressBook;

/// The company and personal addresses the caller may see (core's visibility
/// for each kind, filtered in SQL), and the companies where they may add
/// one, with the departments they may assign company addresses to.
#[server(name = ListAddresses, prefix = "/api", endpoint = "list_addresses")]
pub async fn list_addresses() -> Result<AddressBook, AppError> {
    use imprimatur_core::{
        CompanyId, DepartmentId, Filter, Permission, Principal, Resource, ResourceKind, UserId,
        authorize, visibility,
    };
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    let company = visibility(
        &me,
        Permission::CompanyAddressesView,
        ResourceKind::CompanyAddress,
    );
    let personal = visibility(
        &me,
        Permission::PersonalAddressesView,
        ResourceKind::PersonalAddress,
    );
    if company == Filter::None && personal == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you see addresses.".into(),
        ));
    }
    let mut book = shop.addresses(&company, &personal).await?;
    let only = crate::checks::companies_reached(&who);
    let may = |p: Permission, r: &Resource| authorize(&me, p, r).is_allowed();
    book.places = shop
        .address_places(only)
        .await?
        .into_iter()
        .filter_map(|mut place| {
            let c = CompanyId(place.company_id);
            let at = Resource::in_company(ResourceKind::CompanyAddress, c);
            let mine = Resource::in_company(ResourceKind::PersonalAddress, c)
                .with_owner(UserId(who.user.id));
            place.departments.retain(|(d, _)| {
                may(
                    Permission::CompanyAddressesAssign,
                    &at.clone().with_department(DepartmentId(*d)),
                )
            });
            let useful = may(Permission::CompanyAddressesManage, &at)
                || may(Permission::PersonalAddressesCreate, &mine);
            useful.then_some(place)
        })
        .collect();
    Ok(book)
}
