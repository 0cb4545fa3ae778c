use leptos::prelude::*;

use crate::error::AppError;

/// Accept or decline a print partner's request to print for company
/// `company_id` (the customer's consent to a partnership). Accepting
/// starts the partnership: the company's approved print jobs become the
/// partner's work orders from then on.
#[server(name = AnswerPartnership, prefix = "/api", endpoint = "answer_partnership")]
pub async fn answer_partnership(
    company_id: i64,
    request_id: i64,
    accept: bool,
) -> Result<String, AppError> {
    use imprimatur_core::Permission;

    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_tenant_settings(&who, Permission::TenantSettingsEdit, company_id)?;
    let partner = ssr::press()?
        .answer_partnership(&who, &ssr::client(), company_id, request_id, accept)
        .await?;
    Ok(if accept {
        format!("{partner} now prints for you: your approved print jobs become its work orders.")
    } else {
        format!("You declined {partner}'s request.")
    })
}
