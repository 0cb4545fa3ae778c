use leptos::prelude::*;

use crate::error::AppError;

/// Start or end printing for a customer company (Scantrust: "Manage …
/// partnerships"). While partnered, each of the customer's print jobs
/// becomes a work order here when it is approved. A customer prints with
/// one partner at a time.
#[server(name = ChangePartnership, prefix = "/api", endpoint = "change_partnership")]
pub async fn change_partnership(
    partner_id: i64,
    customer: String,
    add: bool,
) -> Result<String, AppError> {
    use imprimatur_core::{CompanyId, Permission, Principal, Resource, ResourceKind, authorize};

    use crate::ssr;
    let press = ssr::press()?;
    let who = ssr::require_identity()?;
    let manage = Permission::PartnershipsManage;
    super::checks::may_at_all(&who, manage, ResourceKind::Partnership)?;
    let me = Principal::User(who.user.principal.clone());
    let here = Resource::in_company(ResourceKind::Partnership, CompanyId(partner_id));
    super::checks::allowed(authorize(&me, manage, &here))?;
    if !press.is_print_partner(partner_id).await? {
        return Err(AppError::Invalid(
            "Only a print partner has partnerships.".into(),
        ));
    }
    let client = ssr::client();
    if add {
        let slug = customer.trim().to_lowercase();
        super::checks::slug(&slug)?;
        let name = press
            .add_partnership(&who, &client, partner_id, &slug)
            .await?;
        Ok(format!(
            "You now print for {name}: its approved print jobs become work orders here."
        ))
    } else {
        let Ok(customer_id) = customer.trim().parse::<i64>() else {
            return Err(AppError::Invalid(
                "Choose the customer to stop printing for.".into(),
            ));
        };
        press
            .end_partnership(&who, &client, partner_id, customer_id)
            .await?;
        Ok("The partnership ended; work orders already here stay.".into())
    }
}
