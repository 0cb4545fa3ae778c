use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{OrderQuery, OrderRow};

/// The newest print jobs the caller may see (core's visibility for
/// "Request an overview of print jobs", or for "Search" when searching),
/// filtered in SQL; at most one page.
#[server(name = ListOrders, prefix = "/api", endpoint = "list_orders")]
pub async fn list_orders(query: OrderQuery) -> Result<Vec<OrderRow>, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, ResourceState, visibility};
    let shop = crate::ssr::shop()?;
    let who = crate::ssr::require_identity()?;
    let permission = if query.is_search() {
        Permission::OrdersSearch
    } else {
        Permission::OrdersView
    };
    crate::checks::may_at_all(&who, permission, ResourceKind::Order)?;
    if query.text.chars().count() > crate::accounts::api::MAX_SEARCH_LEN {
        return Err(AppError::Invalid(
            "Search for at most 200 characters.".into(),
        ));
    }
    if !query.state.is_empty() && ResourceState::from_slug(&query.state).is_none() {
        return Err(AppError::Invalid("Choose a status from the list.".into()));
    }
    for date in [&query.from, &query.to] {
        if !date.is_empty() && !super::order_checks::is_date(date) {
            return Err(AppError::Invalid(
                "Give dates as year-month-day, e.g. 2026-11-22.".into(),
            ));
        }
    }
    let me = Principal::User(who.user.principal);
    let filter = visibility(&me, permission, ResourceKind::Order);
    shop.orders(&filter, &query).await
}
