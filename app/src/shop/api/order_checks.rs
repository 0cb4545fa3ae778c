//! Checks shared by the storefront's server functions: input limits, and the
//! `core` questions every order passes before it is written.

use crate::error::AppError;
use crate::model::{MAX_COMMENT_LEN, MAX_NOMINEES, MAX_QUANTITY, MAX_TITLE_LEN};

pub fn quantity(quantity: i32) -> Result<(), AppError> {
    if (1..=MAX_QUANTITY).contains(&quantity) {
        Ok(())
    } else {
        Err(AppError::Invalid(format!(
            "Order between 1 and {MAX_QUANTITY} copies."
        )))
    }
}

pub fn title(title: &str) -> Result<(), AppError> {
    let n = title.trim().chars().count();
    if n == 0 {
        return Err(AppError::Invalid(
            "Describe the job: what should be printed?".into(),
        ));
    }
    if n > MAX_TITLE_LEN || title.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "Describe the job in at most {MAX_TITLE_LEN} characters on one line."
        )));
    }
    Ok(())
}

pub fn comment(comment: &str) -> Result<(), AppError> {
    if comment.chars().count() > MAX_COMMENT_LEN {
        return Err(AppError::Invalid(format!(
            "Keep the comment to at most {MAX_COMMENT_LEN} characters."
        )));
    }
    Ok(())
}

/// Empty (no key) or 8 to 64 letters, digits, `-` and `_`.
pub fn idempotency_key(key: &str) -> Result<Option<String>, AppError> {
    if key.is_empty() {
        return Ok(None);
    }
    let ok = (8..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(Some(key.to_string()))
    } else {
        Err(AppError::Invalid(
            "The form's submission key is not valid; reload the page and try again.".into(),
        ))
    }
}

/// The approvers' addresses: separated by commas, semicolons or new lines,
/// each checked, duplicates dropped, lower-cased.
pub fn nominees(text: &str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split([',', ';', '\n', '\r']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        crate::checks::email(part)?;
        let email = part.to_lowercase();
        if !out.contains(&email) {
            out.push(email);
        }
    }
    if out.len() > MAX_NOMINEES {
        return Err(AppError::Invalid(format!(
            "Ask at most {MAX_NOMINEES} people to approve one order."
        )));
    }
    Ok(out)
}

/// `YYYY-MM-DD` with a month and a day that can exist.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (num(y, 4), num(m, 2), num(d, 2)),
        (Some(y), Some(m), Some(d)) if y >= 1970 && (1..=12).contains(&m) && (1..=31).contains(&d)
    )
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use imprimatur_core::{
        CompanyId, DepartmentId, ExternalApprover, OrderId, Permission, Principal, Resource,
        ResourceKind, ResourceState, Role, UserId, authorize,
    };

    use crate::shop::api::duty_checks;

    use crate::checks::allowed;
    use crate::error::AppError;
    use crate::model::{JobAnswer, OrderRow, answer_again, answer_job_fields};
    use crate::ssr::{PlannedOrder, ProductForOrder, RequestIdentity, SharedAccounts, SharedShop};

    /// The domain part of an address.
    fn domain_of(email: &str) -> &str {
        email.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }

    fn me(who: &RequestIdentity) -> Principal {
        Principal::User(who.user.principal.clone())
    }

    /// The order `id` for `permission`: 404 when the caller may not even see
    /// it (nothing is revealed), 403 with core's reason otherwise. The state
    /// is judged apart (see [`still_waiting`]), so a decided order reads 409.
    pub async fn order_for(
        who: &RequestIdentity,
        shop: &SharedShop,
        permission: Permission,
        id: i64,
    ) -> Result<OrderRow, AppError> {
        crate::checks::may_at_all(who, permission, ResourceKind::Order)?;
        let missing = || AppError::NotFound("There is no such print job.".into());
        let order = shop.order(id).await?.ok_or_else(missing)?;
        let mut open = order.resource();
        open.state = None;
        let seeing = [Permission::OrdersView, Permission::OrdersApprove];
        crate::checks::on_row(&me(who), permission, &open, &seeing, missing())?;
        Ok(order)
    }

    /// 409 unless the order still waits for its approval.
    pub fn still_waiting(order: &OrderRow) -> Result<(), AppError> {
        if order.state == ResourceState::AwaitingApproval {
            Ok(())
        } else {
            Err(AppError::Conflict(format!(
                "This print job is no longer waiting for approval: it is {}.",
                order.state.label().to_lowercase()
            )))
        }
    }

    /// What a link's holder is, for `core`.
    pub fn link_holder(order: &OrderRow, email: &str) -> Principal {
        Principal::ExternalApprover(ExternalApprover {
            order: OrderId(order.id),
            company: CompanyId(order.company_id),
            email: email.to_string(),
        })
    }

    /// Where an order's answers to the product's fields come from.
    pub enum Answers<'a> {
        /// The order form, by field position.
        Form(&'a std::collections::BTreeMap<String, String>),
        /// An earlier order of the same product (a re-order).
        Again(&'a [JobAnswer]),
        /// Not asked: a quote's text describes the job, at the quoted price.
        NotAsked,
    }

    /// What to order, as the caller asked it.
    pub struct Wish<'a> {
        pub product_id: i64,
        pub quantity: i32,
        pub title: &'a str,
        pub nominees: Vec<String>,
        pub idempotency_key: Option<String>,
        pub reorder_of: Option<i64>,
        /// The chosen delivery address; another member's personal address
        /// orders on their behalf.
        pub address_id: Option<i64>,
        pub answers: Answers<'a>,
    }

    /// The product `id` with its company's ordering rules, if `me` may see
    /// it; 404 otherwise, like a product that does not exist.
    pub async fn visible_product(
        me: &Principal,
        shop: &SharedShop,
        id: i64,
    ) -> Result<ProductForOrder, AppError> {
        let missing = || AppError::NotFound("There is no such product.".into());
        let found = shop.product_for_order(id).await?.ok_or_else(missing)?;
        if authorize(me, Permission::ProductsView, &found.product.resource()).is_allowed() {
            Ok(found)
        } else {
            Err(missing())
        }
    }

    /// The address `id` if the caller may use it for an order in `company`:
    /// its owner (the caller for a company address) and the text to ship to.
    async fn deliver_to(
        me: &Principal,
        shop: &SharedShop,
        id: i64,
        company: i64,
    ) -> Result<(i64, Option<String>), AppError> {
        let missing = || AppError::NotFound("There is no such address.".into());
        let address = shop.address(id).await?.ok_or_else(missing)?;
        let see = if address.owner_id.is_some() {
            Permission::PersonalAddressesView
        } else {
            Permission::CompanyAddressesView
        };
        if !authorize(me, see, &address.resource()).is_allowed() {
            return Err(missing());
        }
        if address.company_id != company {
            return Err(AppError::Invalid(format!(
                "{} is an address of {}; choose one of the product's company.",
                address.name, address.company_name
            )));
        }
        let owner = match (address.owner_id, me) {
            (Some(o), _) => o,
            (None, Principal::User(u)) => u.id.0,
            (None, _) => return Err(missing()),
        };
        Ok((owner, Some(address.one_line())))
    }

    /// The members whose roles let them do `permission` on `asked` (core
    /// decides for each holder of a role that grants it), except `skip`.
    pub async fn holders_who_may(
        shop: &SharedShop,
        accounts: &SharedAccounts,
        permission: Permission,
        asked: &Resource,
        skip: &[i64],
    ) -> Result<Vec<i64>, AppError> {
        let Some(company) = asked.company else {
            return Ok(Vec::new());
        };
        let granting: Vec<String> = Role::ALL
            .iter()
            .filter(|r| r.grants(permission))
            .map(|r| r.slug().to_string())
            .collect();
        let mut out = Vec::new();
        let department = asked.department.map(|d| d.0);
        for uid in shop
            .role_holders(company.0, department, granting, true)
            .await?
        {
            if skip.contains(&uid) {
                continue;
            }
            if let Some(p) = accounts.user_principal(uid).await?
                && authorize(&Principal::User(p), permission, asked).is_allowed()
            {
                out.push(uid);
            }
        }
        Ok(out)
    }

    /// Every `core` question an order must pass, then the order to write:
    /// the product is one the caller may see, the caller may order in its
    /// company, and everyone they ask to approve may approve it.
    pub async fn plan(
        who: &RequestIdentity,
        shop: &SharedShop,
        accounts: &SharedAccounts,
        wish: Wish<'_>,
    ) -> Result<PlannedOrder, AppError> {
        crate::checks::may_at_all(who, Permission::OrdersCreate, ResourceKind::Order)?;
        let me = me(who);
        let found = visible_product(&me, shop, wish.product_id).await?;
        let company = found.product.company_id;
        let (owner, ship_to) = match wish.address_id {
            None => (who.user.id, None),
            Some(id) => deliver_to(&me, shop, id, company).await?,
        };
        let department = shop.department_in(owner, company).await?;
        let mut order =
            Resource::in_company(ResourceKind::Order, CompanyId(company)).with_owner(UserId(owner));
        if let Some(d) = department {
            order = order.with_department(DepartmentId(d));
        }
        // PrintJob: choosing another member's address orders for them, which
        // is its own permission (managers, within their reach).
        let placed_by = (owner != who.user.id).then_some(who.user.id);
        let needed = if placed_by.is_some() {
            Permission::OrdersOnBehalf
        } else {
            Permission::OrdersCreate
        };
        allowed(authorize(&me, needed, &order))?;
        if !wish.nominees.is_empty() && !found.need_approval {
            return Err(AppError::Invalid(
                "Orders in this company need no approval; leave the approvers empty.".into(),
            ));
        }
        let mut approvers = Vec::new();
        let mut outside = Vec::new();
        let parties = if wish.nominees.is_empty() {
            None
        } else {
            Some(duty_checks::parties_of(shop, who, owner, placed_by).await?)
        };
        for email in wish.nominees {
            let member = shop.member_by_email(company, &email).await?;
            if let Some(parties) = &parties {
                duty_checks::stands_apart(&email, member, parties)?;
            }
            match member {
                Some(uid) => {
                    let principal = accounts
                        .user_principal(uid)
                        .await?
                        .map(Principal::User)
                        .unwrap_or(Principal::Anonymous);
                    let mut asked = order.clone().with_state(ResourceState::AwaitingApproval);
                    asked.approvers.push(UserId(uid));
                    if !authorize(&principal, Permission::OrdersApprove, &asked).is_allowed() {
                        return Err(AppError::Invalid(format!(
                            "{email} cannot approve print jobs here; ask a member who holds an approving role."
                        )));
                    }
                    approvers.push(uid);
                }
                None if found.approver_domains.is_empty() => {
                    return Err(AppError::Invalid(format!(
                        "{email} is not a member, and your company does not accept approvers from outside it."
                    )));
                }
                None if !found
                    .approver_domains
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(domain_of(&email))) =>
                {
                    return Err(AppError::Invalid(format!(
                        "Approvers from outside the company need an address at {}.",
                        found.approver_domains.join(", ")
                    )));
                }
                None => outside.push(email),
            }
        }
        let state = if found.need_approval {
            ResourceState::AwaitingApproval
        } else {
            ResourceState::Approved
        };
        let notify = if state == ResourceState::AwaitingApproval {
            let mut asked = order.clone().with_state(state);
            asked.approvers = approvers.iter().copied().map(UserId).collect();
            let skip: Vec<i64> = [owner, who.user.id]
                .into_iter()
                .chain(approvers.iter().copied())
                .collect();
            holders_who_may(shop, accounts, Permission::OrdersApprove, &asked, &skip).await?
        } else {
            Vec::new()
        };
        let fields = &found.product.fields;
        let (answers, extra) = match wish.answers {
            Answers::Form(given) => answer_job_fields(fields, given),
            Answers::Again(earlier) => answer_again(fields, earlier),
            Answers::NotAsked => Ok((Vec::new(), 0)),
        }
        .map_err(AppError::Invalid)?;
        let price_cents = found
            .product
            .price_cents
            .checked_add(extra)
            .and_then(|per_copy| per_copy.checked_mul(i64::from(wish.quantity)))
            .ok_or_else(|| AppError::Invalid("That order is too large.".into()))?;
        Ok(PlannedOrder {
            owner_id: owner,
            ship_to,
            placed_by,
            company_id: company,
            department_id: department,
            product_id: wish.product_id,
            title: wish.title.trim().to_string(),
            quantity: wish.quantity,
            price_cents,
            state,
            notify,
            idempotency_key: wish.idempotency_key,
            approvers,
            outside_approvers: outside,
            reorder_of: wish.reorder_of,
            from_quote: None,
            replenishes: false,
            answers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nominees_are_split_checked_and_deduplicated() {
        let got = nominees("A@x.test, b@y.test\na@x.test;").unwrap();
        assert_eq!(got, vec!["a@x.test".to_string(), "b@y.test".to_string()]);
        assert!(nominees("not-an-address").is_err());
        assert!(nominees("").unwrap().is_empty());
    }

    #[test]
    fn dates_are_year_month_day() {
        assert!(is_date("2026-11-22"));
        assert!(!is_date("22.11.2026"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-1-1"));
    }

    #[test]
    fn an_idempotency_key_is_optional_but_well_formed() {
        assert_eq!(idempotency_key("").unwrap(), None);
        assert!(idempotency_key("abc").is_err());
        assert!(idempotency_key("0123456789abcdef").unwrap().is_some());
        assert!(idempotency_key("bad key with spaces").is_err());
    }
}
