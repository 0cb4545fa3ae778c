//! The demo's storefront: products for each customer company, some built
//! for one department only, and a past order or two to re-order.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use imprimatur_core::ResourceState;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::db::entities::{company, order, product, user};
use crate::error::ServerError;

/// (company, department or all, name, publication type, price in cents, description)
type DemoProduct = (
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    i64,
    &'static str,
);

const PRODUCTS: &[DemoProduct] = &[
    (
        "acme",
        None,
        "Business cards",
        "Stationery",
        25,
        "85 × 55 mm, 350 g, both sides in colour.",
    ),
    (
        "acme",
        Some("Sales"),
        "Sales flyer A5",
        "Marketing material",
        35,
        "A5, 170 g gloss, with the current price list.",
    ),
    (
        "acme",
        Some("Marketing"),
        "Event poster A2",
        "Marketing material",
        1200,
        "A2, 200 g satin, for trade fairs.",
    ),
    (
        "acme",
        None,
        "Name badge",
        "Stationery",
        120,
        "54 × 90 mm, 300 g, with a pin.",
    ),
    (
        "acme",
        Some("Design"),
        "Brand book",
        "Brochures",
        850,
        "A4, 32 pages, stitched: the logo, colours and type rules.",
    ),
    (
        "globex",
        None,
        "Letterhead",
        "Stationery",
        15,
        "A4, 100 g, the corporate letterhead.",
    ),
    (
        "globex",
        Some("Finance"),
        "Annual report",
        "Reports",
        1800,
        "A4, 64 pages, perfect bound.",
    ),
    (
        "globex",
        Some("Finance"),
        "Expense claim pad",
        "Forms",
        450,
        "A5, 50 sheets, glued at the top.",
    ),
    (
        "globex",
        Some("Operations"),
        "Safety manual",
        "Reports",
        900,
        "A5, 32 pages, saddle stitched.",
    ),
    (
        "shoply",
        None,
        "Poster A1",
        "Posters",
        1500,
        "A1, 200 g satin, your artwork.",
    ),
    (
        "shoply",
        None,
        "Sticker sheet",
        "Stickers",
        300,
        "A4 sheet of vinyl stickers, kiss-cut.",
    ),
    (
        "northwind",
        None,
        "Business cards",
        "Stationery",
        25,
        "85 × 55 mm, 350 g.",
    ),
    (
        "northwind",
        None,
        "Bottle labels",
        "Labels",
        12,
        "Wine bottle labels, each with its own secure code, printed by Inkworks.",
    ),
];

/// Options and job fields, as an admin writes them: (product, fields).
const FIELDS: &[(&str, &str)] = &[
    (
        "Name badge",
        "Name on the badge*\nJob title\nFinish: Matte | Gloss +0.10",
    ),
    ("Sticker sheet", "Shape: Round | Square +0.20"),
];

/// Products the printer keeps on the shelf (PrintJob's stock), with the
/// copies there now and the level at which stock is low:
/// (company, product, copies, low at).
const STOCKED: &[(&str, &str, i64, i64)] = &[
    ("globex", "Letterhead", 2_000, 500),
    ("globex", "Expense claim pad", 30, 20),
];

/// (orderer, product name, title, copies, days ago)
const PAST_ORDERS: &[(&str, &str, &str, i32, i64)] = &[
    (
        "cus@acme.test",
        "Sales flyer A5",
        "Spring fair flyer",
        500,
        30,
    ),
    (
        "cliff@globex.test",
        "Annual report",
        "Annual report 2025",
        200,
        60,
    ),
];

pub async fn load(
    txn: &DatabaseTransaction,
    companies: &HashMap<&str, i64>,
    departments: &HashMap<(&str, &str), i64>,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    let corrupt = |what: &str| ServerError::Corrupt(format!("no demo {what}"));
    let mut products = HashMap::new();
    for (c, d, name, kind, price, description) in PRODUCTS {
        let company_id = *companies.get(c).ok_or_else(|| corrupt(c))?;
        let department_id = match d {
            Some(d) => Some(*departments.get(&(*c, *d)).ok_or_else(|| corrupt(d))?),
            None => None,
        };
        let stocked = STOCKED.iter().find(|(sc, sn, ..)| sc == c && sn == name);
        let p = product::ActiveModel {
            company_id: Set(company_id),
            department_id: Set(department_id),
            name: Set(name.to_string()),
            description: Set(description.to_string()),
            publication_type: Set(kind.to_string()),
            price_cents: Set(*price),
            active: Set(true),
            stock_on_hand: Set(stocked.map(|(_, _, copies, _)| *copies)),
            low_stock_at: Set(stocked.map(|(_, _, _, low)| *low)),
            job_fields: Set(job_fields(name)?),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        products.insert((company_id, *name), p);
    }
    // The public shop ships at once; Globex accepts outside approvers
    // from its agency's domain.
    company::Entity::update_many()
        .col_expr(company::Column::OrdersNeedApproval, Expr::value(false))
        .filter(company::Column::Slug.eq("shoply"))
        .exec(txn)
        .await?;
    company::Entity::update_many()
        .col_expr(
            company::Column::ApproverDomains,
            Expr::value("partner.test"),
        )
        .filter(company::Column::Slug.eq("globex"))
        .exec(txn)
        .await?;
    for (email, name, title, copies, days) in PAST_ORDERS {
        let u = user::Entity::find()
            .filter(user::Column::Email.eq(*email))
            .one(txn)
            .await?
            .ok_or_else(|| corrupt(email))?;
        let p = products
            .iter()
            .find(|((_, n), _)| n == name)
            .map(|(_, p)| p)
            .ok_or_else(|| corrupt(name))?;
        let at = now - Duration::days(*days);
        order::ActiveModel {
            company_id: Set(p.company_id),
            department_id: Set(p.department_id),
            owner_id: Set(u.id),
            product_id: Set(p.id),
            title: Set(title.to_string()),
            quantity: Set(*copies),
            price_cents: Set(p.price_cents * i64::from(*copies)),
            state: Set(ResourceState::Shipped.slug().to_string()),
            idempotency_key: Set(None),
            payload_hash: Set(String::new()),
            reorder_of: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The demo product's fields as stored (JSON).
fn job_fields(product: &str) -> Result<String, ServerError> {
    let spec = FIELDS
        .iter()
        .find(|(p, _)| *p == product)
        .map_or("", |(_, spec)| spec);
    let fields = imprimatur_app::model::parse_job_fields(spec).map_err(ServerError::Corrupt)?;
    serde_json::to_string(&fields).map_err(|e| ServerError::Corrupt(e.to_string()))
}
