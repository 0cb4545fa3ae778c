//! Separation of duties on the server side: who a job concerns, asked of
//! `core` before anyone is asked to approve it or decides on it.

use imprimatur_core::{
    Approver, JobParties, Principal, Resource, UserId, may_approve, separation_of_duties,
};

use crate::error::AppError;
use crate::model::OrderRow;
use crate::ssr::{RequestIdentity, SharedShop};

/// Who `order` concerns, with their addresses as stored now.
pub async fn parties(shop: &SharedShop, order: &OrderRow) -> Result<JobParties, AppError> {
    let mut ids = vec![order.owner_id];
    ids.extend(order.placed_by);
    Ok(order.parties(shop.emails_of(ids).await?))
}

/// 403 with core's reason unless `principal` (signed in as `email`, if a
/// member) may approve `order`, seen as `resource`: a role or the link
/// allows it, and the job was neither ordered by nor for them.
pub async fn may_decide(
    shop: &SharedShop,
    principal: &Principal,
    email: &str,
    order: &OrderRow,
    resource: &Resource,
) -> Result<(), AppError> {
    let parties = parties(shop, order).await?;
    crate::checks::allowed(may_approve(principal, email, resource, &parties))
}

/// Who a job being ordered concerns: the caller, and its recipient.
pub async fn parties_of(
    shop: &SharedShop,
    who: &RequestIdentity,
    owner: i64,
    placed_by: Option<i64>,
) -> Result<JobParties, AppError> {
    let mut emails = vec![who.user.email.clone()];
    if owner != who.user.id {
        emails.extend(shop.emails_of(vec![owner]).await?);
    }
    Ok(JobParties {
        recipient: UserId(owner),
        orderer: UserId(placed_by.unwrap_or(owner)),
        emails,
    })
}

/// 403 when the person asked to approve is one the job concerns.
pub fn stands_apart(
    email: &str,
    member: Option<i64>,
    parties: &JobParties,
) -> Result<(), AppError> {
    let approver = match member {
        Some(id) => Approver::Member {
            id: UserId(id),
            email,
        },
        None => Approver::Outside(email),
    };
    if separation_of_duties(approver, parties).is_allowed() {
        Ok(())
    } else {
        Err(AppError::Forbidden(format!(
            "{email} cannot approve this job: nobody approves a job they ordered or that is ordered for them."
        )))
    }
}
