use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ProductForm;

/// Add a product or change one: name, description, publication type, price,
/// the department it is built for (or the whole company), whether it is
/// kept in stock and how many copies are there, and whether the storefront
/// offers it. Each where core allows "Manage products" (the product's place
/// before and after the change). Returns the product's id.
#[server(name = SaveProduct, prefix = "/api", endpoint = "save_product")]
pub async fn save_product(product: ProductForm) -> Result<i64, AppError> {
    use super::product_checks as check;
    use crate::checks::{allowed, on_row};
    use crate::ssr::{self, SavedProduct};
    use imprimatur_core::{Permission, Principal, ResourceKind, authorize};
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::ProductsManage, ResourceKind::Product)?;
    let me = Principal::User(who.user.principal.clone());
    let price_cents = check::fields(&product)?;
    let stock = check::stock(&product)?;
    let low_stock_at = check::low_stock_at(&product)?;
    let fields = crate::model::parse_job_fields(&product.job_fields).map_err(AppError::Invalid)?;
    let (chosen_company, department_id) = check::built_for(&product)?;
    let missing = || AppError::NotFound("There is no such product.".into());
    let (id, company_id) = if product.id == 0 {
        (None, chosen_company)
    } else {
        let found = shop
            .managed_product(product.id)
            .await?
            .ok_or_else(missing)?;
        let seeing = [Permission::ProductsView, Permission::ProductsManage];
        on_row(
            &me,
            Permission::ProductsManage,
            &found.product.resource(),
            &seeing,
            missing(),
        )?;
        if found.product.company_id != chosen_company {
            return Err(AppError::Invalid(format!(
                "{} stays with {}; choose one of its departments or the whole company.",
                found.product.name, found.product.company_name
            )));
        }
        (Some(found.product.id), found.product.company_id)
    };
    let place = check::places(&who, &shop, Some(vec![company_id]))
        .await?
        .pop()
        .ok_or_else(|| AppError::NotFound("There is no such company among yours.".into()))?;
    check::department_of(&place, department_id)?;
    allowed(authorize(
        &me,
        Permission::ProductsManage,
        &check::product_at(company_id, department_id),
    ))?;
    let saved = SavedProduct {
        id,
        company_id,
        department_id,
        name: product.name.trim().to_string(),
        description: product.description.trim().to_string(),
        publication_type: product.publication_type.trim().to_string(),
        price_cents,
        active: product.active.is_some(),
        stock,
        fields,
        low_stock_at,
    };
    shop.save_product(&who, &ssr::client(), saved).await
}
