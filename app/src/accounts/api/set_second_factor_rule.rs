use leptos::prelude::*;

use crate::error::AppError;

/// Require a second factor of a company's members (`company_id`), or of
/// the platform's staff (no `company_id`), or stop requiring it.
#[server(name = SetSecondFactorRule, prefix = "/api", endpoint = "set_second_factor_rule")]
pub async fn set_second_factor_rule(
    company_id: Option<i64>,
    required: bool,
) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, Principal, may_set_second_factor_rule};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    crate::checks::allowed(may_set_second_factor_rule(&me, company_id.map(CompanyId)))?;
    ssr::accounts()?
        .set_second_factor_rule(&who, &ssr::client(), company_id, required)
        .await
}
