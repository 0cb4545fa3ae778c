use leptos::prelude::*;

use crate::error::AppError;

/// Order copies of a stocked product for the printer's shelf (PrintJob's
/// "order stock replenishments"). Whoever may order one also approves
/// orders in the same reach, so it goes to print at once; shipping it puts
/// its copies on the shelf. Returns the job's number; the same idempotency
/// key returns the same number.
#[server(name = ReplenishStock, prefix = "/api", endpoint = "replenish_stock")]
pub async fn replenish_stock(
    product_id: i64,
    quantity: i32,
    idempotency_key: String,
) -> Result<i64, AppError> {
    use super::order_checks as check;
    use crate::ssr::{self, PlannedOrder};
    use imprimatur_core::{Permission, Principal, ResourceKind, ResourceState, authorize};
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::StockReplenish, ResourceKind::Order)?;
    check::quantity(quantity)?;
    let key = check::idempotency_key(&idempotency_key)?;
    let me = Principal::User(who.user.principal.clone());
    let found = check::visible_product(&me, &shop, product_id).await?;
    let product = found.product;
    if product.stock.is_none() {
        return Err(AppError::Invalid(format!(
            "{} is printed to order, not kept in stock; order it from the storefront.",
            product.name
        )));
    }
    let job = product.replenishment(who.user.id);
    crate::checks::allowed(authorize(&me, Permission::StockReplenish, &job))?;
    let price_cents = product
        .price_cents
        .checked_mul(i64::from(quantity))
        .ok_or_else(|| AppError::Invalid("That order is too large.".into()))?;
    let planned = PlannedOrder {
        owner_id: who.user.id,
        company_id: product.company_id,
        department_id: product.department_id,
        product_id: product.id,
        title: format!("Stock replenishment: {}", product.name),
        quantity,
        price_cents,
        state: ResourceState::Approved,
        idempotency_key: key,
        approvers: Vec::new(),
        notify: Vec::new(),
        outside_approvers: Vec::new(),
        reorder_of: None,
        from_quote: None,
        ship_to: None,
        placed_by: None,
        replenishes: true,
        // Copies for the shelf: the product as it is, no one's fields.
        answers: Vec::new(),
    };
    shop.place_order(&who, &ssr::client(), planned).await
}
