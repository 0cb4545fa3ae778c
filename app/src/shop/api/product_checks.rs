//! Checks of the product form (server only): every field within bounds,
//! and the places where core lets the caller keep products.

use imprimatur_core::{
    CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, authorize,
};

use crate::error::AppError;
use crate::model::{
    AddressPlace, MAX_PRICE_CENTS, MAX_PRODUCT_DESCRIPTION_LEN, MAX_PRODUCT_NAME_LEN,
    MAX_PUBLICATION_TYPE_LEN, MAX_STOCK, ProductForm, parse_price,
};
use crate::ssr::{RequestIdentity, SharedShop, StockCount};

/// A product of `company` (and `department`), as core judges managing it.
pub fn product_at(company: i64, department: Option<i64>) -> Resource {
    let r = Resource::in_company(ResourceKind::Product, CompanyId(company));
    match department {
        Some(d) => r.with_department(DepartmentId(d)),
        None => r,
    }
}

fn line(label: &str, value: &str, max: usize, required: bool) -> Result<(), AppError> {
    let n = value.trim().chars().count();
    if required && n == 0 {
        return Err(AppError::Invalid(format!("Enter {label}.")));
    }
    if n > max || value.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "Keep {label} to at most {max} characters on one line."
        )));
    }
    Ok(())
}

/// The price in cents, after every text field is checked.
pub fn fields(form: &ProductForm) -> Result<i64, AppError> {
    line("the product's name", &form.name, MAX_PRODUCT_NAME_LEN, true)?;
    line(
        "the publication type",
        &form.publication_type,
        MAX_PUBLICATION_TYPE_LEN,
        true,
    )?;
    if form.description.chars().count() > MAX_PRODUCT_DESCRIPTION_LEN {
        return Err(AppError::Invalid(format!(
            "Keep the description to at most {MAX_PRODUCT_DESCRIPTION_LEN} characters."
        )));
    }
    parse_price(&form.price).ok_or_else(|| {
        AppError::Invalid(format!(
            "Give the price per copy as a number such as 0.35 (at most {}).",
            MAX_PRICE_CENTS / 100
        ))
    })
}

fn count(text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=MAX_STOCK).contains(&n) => Ok(Some(n)),
        _ => Err(AppError::Invalid(format!(
            "Count the copies in stock as a whole number from 0 to {MAX_STOCK}."
        ))),
    }
}

/// What the form does to the shelf.
pub fn stock(form: &ProductForm) -> Result<StockCount, AppError> {
    if form.stocked.is_none() {
        return Ok(StockCount::NotStocked);
    }
    let was = count(&form.stock_was)?;
    Ok(match count(&form.stock)? {
        None => StockCount::Keep,
        Some(to) if Some(to) == was => StockCount::Keep,
        Some(to) => StockCount::Set { to, was },
    })
}

/// The low-stock level: only for a stocked product, a whole number or empty.
pub fn low_stock_at(form: &ProductForm) -> Result<Option<i64>, AppError> {
    let level = form.low_stock_at.trim();
    if level.is_empty() {
        return Ok(None);
    }
    if form.stocked.is_none() {
        return Err(AppError::Invalid(
            "Only a product kept in stock can warn of low stock; tick \u{201c}Kept in stock\u{201d} or leave the level empty.".into(),
        ));
    }
    match level.parse::<i64>() {
        Ok(n) if (0..=MAX_STOCK).contains(&n) => Ok(Some(n)),
        _ => Err(AppError::Invalid(format!(
            "Give the low-stock level as a whole number from 0 to {MAX_STOCK}."
        ))),
    }
}

/// The company and department (`None`: the whole company) the form chose.
pub fn built_for(form: &ProductForm) -> Result<(i64, Option<i64>), AppError> {
    let bad = || AppError::Invalid("Choose whom the product is built for from the list.".into());
    let number = |s: &str| s.trim().parse::<i64>().map_err(|_| bad());
    match form.built_for.split_once('/') {
        None => Ok((number(&form.built_for)?, None)),
        Some((c, d)) => Ok((number(c)?, Some(number(d)?))),
    }
}

/// 422 unless `department` (if any) is one of `place`'s.
pub fn department_of(place: &AddressPlace, department: Option<i64>) -> Result<(), AppError> {
    match department {
        Some(d) if !place.departments.iter().any(|(id, _)| *id == d) => Err(AppError::Invalid(
            format!("Choose a department of {}.", place.company_name),
        )),
        _ => Ok(()),
    }
}

/// The customer companies where the caller may keep products, each with
/// the departments they may build products for.
pub async fn places(
    who: &RequestIdentity,
    shop: &SharedShop,
    only: Option<Vec<i64>>,
) -> Result<Vec<AddressPlace>, AppError> {
    let me = Principal::User(who.user.principal.clone());
    let may = |r: &Resource| authorize(&me, Permission::ProductsManage, r).is_allowed();
    let wanted = match (only, crate::checks::companies_reached(who)) {
        (Some(o), Some(t)) => Some(o.into_iter().filter(|c| t.contains(c)).collect()),
        (Some(o), None) => Some(o),
        (None, t) => t,
    };
    Ok(shop
        .address_places(wanted)
        .await?
        .into_iter()
        .filter_map(|mut place| {
            place
                .departments
                .retain(|(d, _)| may(&product_at(place.company_id, Some(*d))));
            (may(&product_at(place.company_id, None)) || !place.departments.is_empty())
                .then_some(place)
        })
        .collect())
}
