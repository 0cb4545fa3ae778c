//! Members from CSV (PrintJob): read and resolve every line, then create
//! all the accounts in one transaction, or none.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Utc;
use imprimatur_app::checks;
use imprimatur_app::error::AppError;
use imprimatur_app::model::{IMPORT_COLUMNS, ImportRow, MAX_IMPORT_ROWS};
use imprimatur_app::ssr::{Client, RequestIdentity};
use imprimatur_core::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::actor;
use crate::audit::{self, Event};
use crate::config::Config;
use crate::db::Db;
use crate::db::entities::{department, department_member, invitation, role_assignment, user};
use crate::error::internal;
use crate::identity::normalize_email;

fn role_named(text: &str) -> Option<Role> {
    let t = text.trim().to_lowercase();
    Role::ALL
        .iter()
        .copied()
        .find(|r| r.slug() == t || r.name().to_lowercase() == t)
}

/// Every line of the file, resolved, with its problems. Whole-file problems
/// (no header, an unknown column, broken quoting, too many lines) are 422s.
pub async fn read(db: &Db, company_id: i64, text: &str) -> Result<Vec<ImportRow>, AppError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|_| AppError::Invalid("The first line must name the columns.".into()))?
        .clone();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}').to_lowercase();
        let Some(known) = IMPORT_COLUMNS.iter().find(|c| **c == h) else {
            return Err(AppError::Invalid(format!(
                "Unknown column \u{201c}{h}\u{201d}: the columns are {}.",
                IMPORT_COLUMNS.join(", ")
            )));
        };
        at.insert(known, i);
    }
    for needed in ["email", "name", "role"] {
        if !at.contains_key(needed) {
            return Err(AppError::Invalid(format!(
                "The file has no \u{201c}{needed}\u{201d} column."
            )));
        }
    }
    let departments: HashMap<String, (i64, String)> = department::Entity::find()
        .filter(department::Column::CompanyId.eq(company_id))
        .all(&db.read)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|d| (d.name.to_lowercase(), (d.id, d.name)))
        .collect();
    let mut rows = Vec::new();
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            AppError::Invalid(format!(
                "Line {line} is not valid CSV: check its quotes and that it has {} fields.",
                headers.len()
            ))
        })?;
        if rows.len() == MAX_IMPORT_ROWS {
            return Err(AppError::Invalid(format!(
                "One import takes at most {MAX_IMPORT_ROWS} members; split the file."
            )));
        }
        let line = record
            .position()
            .map_or(rows.len() + 2, |p| p.line() as usize);
        let field = |name: &str| {
            at.get(name)
                .and_then(|i| record.get(*i))
                .unwrap_or_default()
                .to_string()
        };
        let email = normalize_email(&field("email"));
        let name = field("name");
        let mut errors = Vec::new();
        if let Err(e) = checks::email(&email) {
            errors.push(e.to_string());
        }
        if let Err(e) = checks::display_name(&name) {
            errors.push(e.to_string());
        }
        if let Some(first) = first_line.get(&email) {
            errors.push(format!("{email} is also on line {first}."));
        } else {
            first_line.insert(email.clone(), line);
        }
        let dept_text = field("department");
        let department = if dept_text.is_empty() {
            None
        } else {
            let found = departments.get(&dept_text.to_lowercase()).cloned();
            if found.is_none() {
                errors.push(format!(
                    "There is no department \u{201c}{dept_text}\u{201d} in this company."
                ));
            }
            found
        };
        let role_text = field("role");
        let role = role_named(&role_text);
        if role.is_none() {
            errors.push(if role_text.is_empty() {
                "Give every member a role.".to_string()
            } else {
                format!("There is no role \u{201c}{role_text}\u{201d}.")
            });
        }
        rows.push(ImportRow {
            line,
            email,
            name,
            department,
            role,
            errors,
        });
    }
    if rows.is_empty() {
        return Err(AppError::Invalid("The file lists no members.".into()));
    }
    let emails: Vec<String> = rows.iter().map(|r| r.email.clone()).collect();
    let members = members_among(&db.read, company_id, emails).await?;
    for r in rows.iter_mut().filter(|r| members.contains_key(&r.email)) {
        r.errors
            .push(format!("{} is already a member of this company.", r.email));
    }
    Ok(rows)
}

/// The accounts among `emails`, by address, with whether each belongs to
/// `company_id` (a role or a pending invitation there). Whether an address
/// has an account elsewhere on the platform is never told the importer.
async fn accounts_among<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
    emails: Vec<String>,
) -> Result<HashMap<String, (user::Model, bool)>, AppError> {
    let found = user::Entity::find()
        .filter(user::Column::Email.is_in(emails))
        .all(conn)
        .await
        .map_err(internal)?;
    let ids: Vec<i64> = found.iter().map(|u| u.id).collect();
    let mut inside: HashSet<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.is_in(ids.clone()))
        .filter(role_assignment::Column::CompanyId.eq(company_id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    inside.extend(
        invitation::Entity::find()
            .filter(invitation::Column::UserId.is_in(ids))
            .filter(invitation::Column::CompanyId.eq(company_id))
            .filter(invitation::Column::State.eq("pending"))
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|i| i.user_id),
    );
    Ok(found
        .into_iter()
        .map(|u| {
            let member = inside.contains(&u.id);
            (u.email.clone(), (u, member))
        })
        .collect())
}

/// The members of `company_id` among `emails`.
async fn members_among<C: ConnectionTrait>(
    conn: &C,
    company_id: i64,
    emails: Vec<String>,
) -> Result<HashMap<String, user::Model>, AppError> {
    Ok(accounts_among(conn, company_id, emails)
        .await?
        .into_iter()
        .filter_map(|(e, (u, member))| member.then_some((e, u)))
        .collect())
}

/// Create every account of `rows` in one transaction.
pub async fn import(
    db: &Db,
    config: &Config,
    who: &RequestIdentity,
    client: &Client,
    company_id: i64,
    rows: &[ImportRow],
    invite: bool,
) -> Result<usize, AppError> {
    let txn = db.begin_write().await.map_err(internal)?;
    let emails: Vec<String> = rows.iter().map(|r| r.email.clone()).collect();
    let accounts = accounts_among(&txn, company_id, emails).await?;
    if let Some(email) = accounts
        .iter()
        .find_map(|(e, (_, member))| member.then_some(e))
    {
        return Err(AppError::Conflict(format!(
            "{email} became a member of this company meanwhile; check the file again."
        )));
    }
    let now = Utc::now();
    for r in rows {
        let Some(role) = r.role else {
            return Err(AppError::Invalid(format!("Line {} has no role.", r.line)));
        };
        let department_id = r.department.as_ref().map(|(d, _)| *d);
        // Someone else's account: nobody gets a role on it without saying
        // yes, so it is invited whichever way the file is imported.
        if let Some((existing, _)) = accounts.get(&r.email) {
            invite_existing(
                &txn,
                config,
                who,
                company_id,
                department_id,
                role,
                existing,
                now,
            )
            .await?;
            continue;
        }
        let u = user::ActiveModel {
            email: Set(r.email.clone()),
            display_name: Set(r.name.clone()),
            password_hash: Set(None),
            state: Set(if invite { "invited" } else { "inactive" }.to_string()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        if invite {
            let inv = invitation::ActiveModel {
                email: Set(r.email.clone()),
                user_id: Set(u.id),
                role: Set(role.slug().to_string()),
                company_id: Set(company_id),
                department_id: Set(department_id),
                invited_by: Set(Some(who.user.id)),
                state: Set("pending".to_string()),
                created_at: Set(now),
                decided_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            super::invitations::send(&txn, config, &inv, &who.user.display_name).await?;
        } else {
            role_assignment::ActiveModel {
                user_id: Set(u.id),
                role: Set(role.slug().to_string()),
                company_id: Set(Some(company_id)),
                department_id: Set(department_id),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            if let Some(d) = department_id {
                department_member::ActiveModel {
                    department_id: Set(d),
                    user_id: Set(u.id),
                }
                .insert(&txn)
                .await
                .map_err(internal)?;
            }
        }
    }
    audit::record(
        &txn,
        Event::new("members.imported", actor(who, client))
            .company(Some(company_id))
            .detail(format!(
                "{} members, {}",
                rows.len(),
                if invite { "invited" } else { "inactive" }
            )),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(rows.len())
}

/// A pending invitation to the role for an account that exists elsewhere.
#[expect(
    clippy::too_many_arguments,
    reason = "one invitation row: who, where, which role, for whom and when, all needed together"
)]
async fn invite_existing<C: ConnectionTrait>(
    conn: &C,
    config: &Config,
    who: &RequestIdentity,
    company_id: i64,
    department_id: Option<i64>,
    role: Role,
    account: &user::Model,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    let inv = invitation::ActiveModel {
        email: Set(account.email.clone()),
        user_id: Set(account.id),
        role: Set(role.slug().to_string()),
        company_id: Set(company_id),
        department_id: Set(department_id),
        invited_by: Set(Some(who.user.id)),
        state: Set("pending".to_string()),
        created_at: Set(now),
        decided_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    super::invitations::send(conn, config, &inv, &who.user.display_name).await?;
    Ok(())
}
