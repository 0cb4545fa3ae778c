//! The demo's addresses (PrintJob): Globex's head office for everyone, its
//! Finance office assigned to Finance, personal addresses of its client
//! users, and an inactive user (who cannot sign in) that managers order for.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use imprimatur_core::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::db::entities::{address, department_member, user};
use crate::error::ServerError;

/// The inactive member: exists to be ordered for.
pub const INACTIVE: (&str, &str) = ("ian@globex.test", "Ian Inactive");

/// (owner e-mail or company-wide, department, name, street, postcode, city)
type DemoAddress = (
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const ADDRESSES: &[DemoAddress] = &[
    (
        None,
        None,
        "Globex head office",
        "1 Globex Plaza",
        "10115",
        "Berlin",
    ),
    (
        None,
        Some("Finance"),
        "Globex Finance office",
        "12 Ledger Lane",
        "20095",
        "Hamburg",
    ),
    (
        Some("cliff@globex.test"),
        Some("Finance"),
        "Cliff at home",
        "3 Birch Road",
        "80331",
        "Munich",
    ),
    (
        Some("olga@globex.test"),
        Some("Operations"),
        "Olga at home",
        "8 Harbour Street",
        "28195",
        "Bremen",
    ),
    (
        Some(INACTIVE.0),
        Some("Finance"),
        "Ian at the branch",
        "5 Market Square",
        "50667",
        "Cologne",
    ),
];

pub async fn load(
    txn: &DatabaseTransaction,
    companies: &HashMap<&str, i64>,
    departments: &HashMap<(&str, &str), i64>,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    let corrupt = |what: &str| ServerError::Corrupt(format!("no demo {what}"));
    let globex = *companies.get("globex").ok_or_else(|| corrupt("globex"))?;
    let finance = *departments
        .get(&("globex", "Finance"))
        .ok_or_else(|| corrupt("Finance"))?;
    let ian = user::ActiveModel {
        email: Set(INACTIVE.0.to_string()),
        display_name: Set(INACTIVE.1.to_string()),
        password_hash: Set(None),
        state: Set("inactive".to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    super::assign(txn, ian.id, Role::ClientUser, Some(globex), None).await?;
    department_member::ActiveModel {
        department_id: Set(finance),
        user_id: Set(ian.id),
    }
    .insert(txn)
    .await?;
    for (owner, dept, name, street, postcode, city) in ADDRESSES {
        let owner_id = match owner {
            None => None,
            Some(email) => Some(
                user::Entity::find()
                    .filter(user::Column::Email.eq(*email))
                    .one(txn)
                    .await?
                    .ok_or_else(|| corrupt(email))?
                    .id,
            ),
        };
        let department_id = match dept {
            None => None,
            Some(d) => Some(*departments.get(&("globex", *d)).ok_or_else(|| corrupt(d))?),
        };
        address::ActiveModel {
            company_id: Set(globex),
            department_id: Set(department_id),
            owner_id: Set(owner_id),
            name: Set(name.to_string()),
            street: Set(street.to_string()),
            postcode: Set(postcode.to_string()),
            city: Set(city.to_string()),
            country: Set("Germany".to_string()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
