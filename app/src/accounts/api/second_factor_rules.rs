use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SecondFactorRule;

/// The second-factor rules the caller may set: their companies' (CtrlPrint
/// "Activate 2FA and SSO", Dispatcher's tenant security) and, for platform
/// admins, the platform's for its staff.
#[server(name = SecondFactorRules, prefix = "/api", endpoint = "second_factor_rules")]
pub async fn second_factor_rules() -> Result<Vec<SecondFactorRule>, AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::may_set_second_factor_rules(&who)?;
    ssr::accounts()?.second_factor_rules(&who).await
}
