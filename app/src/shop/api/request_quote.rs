use leptos::prelude::*;

use crate::error::AppError;
use crate::model::NewQuote;

/// Ask for a price before ordering: a product the caller may see, the
/// copies, what to print, and anything the price depends on.
#[server(name = RequestQuote, prefix = "/api", endpoint = "request_quote")]
pub async fn request_quote(quote: NewQuote) -> Result<i64, AppError> {
    use super::order_checks as check;
    use crate::ssr::{self, PlannedQuote};
    use imprimatur_core::{
        CompanyId, DepartmentId, Permission, Principal, Resource, ResourceKind, UserId, authorize,
    };
    let shop = ssr::shop()?;
    let who = ssr::require_identity()?;
    crate::checks::may_at_all(&who, Permission::QuotesRequest, ResourceKind::Quote)?;
    check::quantity(quote.quantity)?;
    check::title(&quote.title)?;
    super::quote_checks::note(&quote.note)?;
    let me = Principal::User(who.user.principal.clone());
    let found = check::visible_product(&me, &shop, quote.product_id).await?;
    let company = found.product.company_id;
    let department = shop.department_in(who.user.id, company).await?;
    let mut asked = Resource::in_company(ResourceKind::Quote, CompanyId(company))
        .with_owner(UserId(who.user.id));
    if let Some(d) = department {
        asked = asked.with_department(DepartmentId(d));
    }
    crate::checks::allowed(authorize(&me, Permission::QuotesRequest, &asked))?;
    let planned = PlannedQuote {
        owner_id: who.user.id,
        company_id: company,
        department_id: department,
        product_id: quote.product_id,
        title: quote.title.trim().to_string(),
        quantity: quote.quantity,
        note: quote.note.trim().to_string(),
    };
    shop.request_quote(&who, &ssr::client(), planned).await
}
