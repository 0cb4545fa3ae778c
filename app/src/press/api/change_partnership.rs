use leptos::prelude::*;

use crate::error::AppError;

/// Ask to print for a customer company, or stop printing for one
/// (Scantrust: "Manage … partnerships"). A partnership starts when the
/// customer's administrator accepts; while it lasts, each of the customer's
/// print jobs becomes a work order here when it is approved. A customer
/// prints with one partner at a time.
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
    crate::checks::may_at_all(&who, manage, ResourceKind::Partnership)?;
    let me = Principal::User(who.user.principal.clone());
    let here = Resource::in_company(ResourceKind::Partnership, CompanyId(partner_id));
    crate::checks::allowed(authorize(&me, manage, &here))?;
    if !press.is_print_partner(partner_id).await? {
        return Err(AppError::Invalid(
            "Only a print partner has partnerships.".into(),
        ));
    }
    let client = ssr::client();
    if add {
        let slug = customer.trim().to_lowercase();
        crate::checks::slug(&slug)?;
        press
            .ask_partnership(&who, &client, partner_id, &slug)
            .await?;
        // The same words whether or not such a customer exists: a partner
        // learns of a customer only when it accepts.
        Ok(format!(
            "Asked \u{201c}{slug}\u{201d}. If a customer company uses that URL name, its administrators \
             can now accept you as its print partner; its approved print jobs become work orders \
             here once they do."
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
