//! Demo data: a print service provider with customer companies of both
//! customer families, a public shop, a print partner and a dealer, and one
//! person for every built-in role that can be held without projects.

mod addresses;
mod catalog;
mod documents;
mod floor;

use chrono::Utc;
use imprimatur_core::Role;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use crate::auth::password::Passwords;
use crate::db::Db;
use crate::db::entities::{company, department, department_member, role_assignment, user};

use crate::error::ServerError;
use crate::storage::Storage;

/// Every demo account signs in with this password (it is printed in the README).
pub const DEMO_PASSWORD: &str = "imprimatur-demo";

/// Where a demo person holds their role.
enum At {
    Platform,
    Company(&'static str),
    Department(&'static str, &'static str),
}

/// A demo account.
struct Person(
    &'static str,
    &'static str,
    Role,
    At,
    &'static [(&'static str, &'static str)],
);

/// (e-mail, name, role, where, departments they belong to)
const PEOPLE: &[Person] = &[
    Person(
        "admin@imprimatur.test",
        "Ada Admin",
        Role::Admin,
        At::Platform,
        &[],
    ),
    Person(
        "junior@imprimatur.test",
        "Jun Junior",
        Role::JuniorAdmin,
        At::Company("acme"),
        &[],
    ),
    Person(
        "tina@acme.test",
        "Tina Tenant-Super",
        Role::TenantSuperAdmin,
        At::Company("acme"),
        &[],
    ),
    Person(
        "tom@acme.test",
        "Tom Tenant-Admin",
        Role::TenantAdmin,
        At::Company("acme"),
        &[],
    ),
    Person(
        "ute@acme.test",
        "Ute Tenant-User",
        Role::TenantUser,
        At::Company("acme"),
        &[],
    ),
    Person(
        "carl@acme.test",
        "Carl Company-Manager",
        Role::CompanyManager,
        At::Company("acme"),
        &[],
    ),
    Person(
        "dora@acme.test",
        "Dora Department-Manager",
        Role::StorefrontDepartmentManager,
        At::Department("acme", "Sales"),
        &[("acme", "Sales")],
    ),
    Person(
        "paul@acme.test",
        "Paul Power-User",
        Role::PowerUser,
        At::Department("acme", "Sales"),
        &[("acme", "Sales")],
    ),
    Person(
        "cora@acme.test",
        "Cora Customer-Plus",
        Role::CustomerPlus,
        At::Company("acme"),
        &[("acme", "Marketing")],
    ),
    Person(
        "cus@acme.test",
        "Cus Customer",
        Role::Customer,
        At::Company("acme"),
        &[("acme", "Sales")],
    ),
    Person(
        "dina@acme.test",
        "Dina Designer",
        Role::Customer,
        At::Company("acme"),
        &[("acme", "Design")],
    ),
    Person(
        "clara@acme.test",
        "Clara Company-Administrator",
        Role::CompanyAdministrator,
        At::Company("acme"),
        &[],
    ),
    Person(
        "doc@acme.test",
        "Doc User",
        Role::DocumentsUser,
        At::Company("acme"),
        &[],
    ),
    Person(
        "sam@globex.test",
        "Sam Senior-Manager",
        Role::SeniorManager,
        At::Company("globex"),
        &[],
    ),
    Person(
        "dan@globex.test",
        "Dan Department-Manager",
        Role::CorporateDepartmentManager,
        At::Department("globex", "Finance"),
        &[("globex", "Finance")],
    ),
    Person(
        "april@globex.test",
        "April Approver",
        Role::Approver,
        At::Company("globex"),
        &[("globex", "Operations")],
    ),
    Person(
        "cliff@globex.test",
        "Cliff Client-User",
        Role::ClientUser,
        At::Company("globex"),
        &[("globex", "Finance")],
    ),
    Person(
        "olga@globex.test",
        "Olga Client-User",
        Role::ClientUser,
        At::Company("globex"),
        &[("globex", "Operations")],
    ),
    Person(
        "gina@globex.test",
        "Gina Tenant-Super",
        Role::TenantSuperAdmin,
        At::Company("globex"),
        &[],
    ),
    Person(
        "pia@shoply.test",
        "Pia Public-Customer",
        Role::PublicCustomer,
        At::Company("shoply"),
        &[],
    ),
    Person(
        "simon@shoply.test",
        "Simon Tenant-Super",
        Role::TenantSuperAdmin,
        At::Company("shoply"),
        &[],
    ),
    Person(
        "mia@northwind.test",
        "Mia Manager-and-Admin",
        Role::TenantManagerAndAdmin,
        At::Company("northwind"),
        &[],
    ),
    Person(
        "ivan@inkworks.test",
        "Ivan Account-Admin",
        Role::AccountAdminPrint,
        At::Company("inkworks"),
        &[],
    ),
    Person(
        "wes@inkworks.test",
        "Wes Work-Order-Manager",
        Role::WorkOrderManager,
        At::Company("inkworks"),
        &[],
    ),
    Person(
        "opal@inkworks.test",
        "Opal Print-Operator",
        Role::PrintOperator,
        At::Company("inkworks"),
        &[],
    ),
    Person(
        "tara@dealer.test",
        "Tara Tenant-Manager",
        Role::TenantManager,
        At::Company("dealer"),
        &[],
    ),
];

/// A demo company.
struct Company(
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
    &'static [&'static str],
);

/// (slug, name, kind, customer family, public, departments)
const COMPANIES: &[Company] = &[
    Company(
        "acme",
        "Acme Print Buyers",
        "customer",
        Some("storefront"),
        false,
        &["Sales", "Marketing", "Design"],
    ),
    Company(
        "globex",
        "Globex Corporation",
        "customer",
        Some("corporate"),
        false,
        &["Finance", "Operations"],
    ),
    Company(
        "shoply",
        "Shoply Public Shop",
        "customer",
        Some("storefront"),
        true,
        &[],
    ),
    Company(
        "northwind",
        "Northwind Traders",
        "customer",
        Some("corporate"),
        false,
        &[],
    ),
    Company(
        "inkworks",
        "Inkworks Printing",
        "print_partner",
        None,
        false,
        &[],
    ),
    Company("dealer", "Dealer Direct", "dealer", None, false, &[]),
];

pub enum Loaded {
    Loaded { users: usize },
    AlreadyHasData,
}

/// Load the demo into an empty database; a database with users is left alone.
/// The documents' files go into `storage`.
pub async fn load_if_empty(
    db: &Db,
    passwords: &Passwords,
    storage: &dyn Storage,
) -> Result<Loaded, ServerError> {
    if user::Entity::find().count(&db.read).await? > 0 {
        return Ok(Loaded::AlreadyHasData);
    }
    // One hash for all demo accounts: they share a password by design, and
    // the demo loads in a fraction of a second.
    let hash = passwords.hash(DEMO_PASSWORD.to_string()).await?;
    let txn = db.begin_write().await?;
    // Checked again inside the write lock: two servers starting together load once.
    if user::Entity::find().count(&txn).await? > 0 {
        return Ok(Loaded::AlreadyHasData);
    }
    let now = Utc::now();
    let mut companies = std::collections::HashMap::new();
    let mut departments = std::collections::HashMap::new();
    for Company(slug, name, kind, family, public, depts) in COMPANIES {
        let c = company::ActiveModel {
            name: Set(name.to_string()),
            slug: Set(slug.to_string()),
            kind: Set(kind.to_string()),
            customer_family: Set(family.map(str::to_string)),
            is_public: Set(*public),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        companies.insert(*slug, c.id);
        for d in *depts {
            let dept = department::ActiveModel {
                company_id: Set(c.id),
                name: Set(d.to_string()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            departments.insert((*slug, *d), dept.id);
        }
    }
    // Dealer Direct manages Northwind Traders without being a member of it
    // (Dispatcher's tenant manager).
    if let (Some(dealer), Some(managed)) = (companies.get("dealer"), companies.get("northwind")) {
        company::Entity::update_many()
            .col_expr(company::Column::DealerId, Expr::value(*dealer))
            .filter(company::Column::Id.eq(*managed))
            .exec(&txn)
            .await?;
    }
    for Person(email, name, role, at, member_of) in PEOPLE {
        let u = insert_user(&txn, email, name, &hash).await?;
        let lookup_company = |slug: &str| {
            companies
                .get(slug)
                .copied()
                .ok_or_else(|| ServerError::Corrupt(format!("no demo company {slug}")))
        };
        let lookup_department = |c: &str, d: &str| {
            departments
                .get(&(c, d))
                .copied()
                .ok_or_else(|| ServerError::Corrupt(format!("no demo department {c}/{d}")))
        };
        let (company_id, department_id) = match at {
            At::Platform => (None, None),
            At::Company(c) => (Some(lookup_company(c)?), None),
            At::Department(c, d) => (Some(lookup_company(c)?), Some(lookup_department(c, d)?)),
        };
        assign(&txn, u.id, *role, company_id, department_id).await?;
        for (c, d) in *member_of {
            department_member::ActiveModel {
                department_id: Set(lookup_department(c, d)?),
                user_id: Set(u.id),
            }
            .insert(&txn)
            .await?;
        }
    }
    catalog::load(&txn, &companies, &departments, now).await?;
    addresses::load(&txn, &companies, &departments, now).await?;
    if let (Some(partner), Some(customer)) = (companies.get("inkworks"), companies.get("northwind"))
    {
        floor::load(&txn, *partner, *customer, now).await?;
    }
    if let Some(acme) = companies.get("acme") {
        documents::load(&txn, storage, *acme, now).await?;
    }
    txn.commit().await?;
    Ok(Loaded::Loaded {
        users: PEOPLE.len(),
    })
}

/// An active account with a password.
async fn insert_user(
    txn: &DatabaseTransaction,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<user::Model, ServerError> {
    Ok(user::ActiveModel {
        email: Set(email.to_string()),
        display_name: Set(name.to_string()),
        password_hash: Set(Some(password_hash.to_string())),
        state: Set("active".to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

async fn assign(
    txn: &DatabaseTransaction,
    user_id: i64,
    role: Role,
    company_id: Option<i64>,
    department_id: Option<i64>,
) -> Result<(), ServerError> {
    role_assignment::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.slug().to_string()),
        company_id: Set(company_id),
        department_id: Set(department_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The demo accounts, for the README and the CLI.
pub fn accounts() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    PEOPLE
        .iter()
        .map(|Person(email, name, role, ..)| (*email, *name, role.name()))
}

/// Create a platform Admin. Refuses an address that already has an account.
pub async fn create_admin(
    db: &Db,
    passwords: &Passwords,
    email: &str,
    name: &str,
    password: &str,
) -> Result<Result<i64, String>, ServerError> {
    let email = crate::identity::normalize_email(email);
    if !email.contains('@') || email.len() > 254 {
        return Ok(Err("That does not look like an e-mail address.".to_string()));
    }
    if name.trim().is_empty() {
        return Ok(Err("Give the administrator a name.".to_string()));
    }
    if password.chars().count() < 12 {
        return Ok(Err(
            "Choose a password of at least 12 characters.".to_string()
        ));
    }
    let hash = passwords.hash(password.to_string()).await?;
    let txn = db.begin_write().await?;
    let exists = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Ok(Err(format!("An account for {email} already exists.")));
    }
    let u = insert_user(&txn, &email, name.trim(), &hash).await?;
    assign(&txn, u.id, Role::Admin, None, None).await?;
    txn.commit().await?;
    Ok(Ok(u.id))
}
