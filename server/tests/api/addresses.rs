//! Addresses over HTTP, on SQLite and PostgreSQL: PrintJob's exact rights
//! for Senior and Department Managers and client users, the lists against
//! `core` for every demo member, and ordering on someone's behalf by
//! choosing their address (an inactive user's too).

use crate::common::{TestApp, backends, spawn};
use imprimatur_core::{Permission, authorize};
use imprimatur_server::db::entities::{address, department, order, product};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn address_id(app: &TestApp, name: &str) -> i64 {
    address::Entity::find()
        .filter(address::Column::Name.eq(name))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no address {name}"))
        .id
}

async fn finance(app: &TestApp) -> i64 {
    department::Entity::find()
        .filter(department::Column::Name.eq("Finance"))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn form(id: i64, personal: bool, company: i64, dept: &str, name: &str) -> Vec<(String, String)> {
    [
        ("id", id.to_string()),
        ("personal", personal.to_string()),
        ("company_id", company.to_string()),
        ("department_id", dept.to_string()),
        ("name", name.to_string()),
        ("street", "9 Test Street".to_string()),
        ("postcode", "10115".to_string()),
        ("city", "Berlin".to_string()),
        ("country", "Germany".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("address[{k}]"), v))
    .collect()
}

async fn save(app: &TestApp, b: &reqwest::Client, f: &[(String, String)]) -> u16 {
    app.status_of(b, "/api/save_address", f).await
}

async fn delete(app: &TestApp, b: &reqwest::Client, id: i64) -> u16 {
    app.status_of(b, "/api/delete_address", &[("address_id", id)])
        .await
}

/// The ids of the caller's company and personal address lists.
async fn book(app: &TestApp, b: &reqwest::Client) -> Result<(Vec<i64>, Vec<i64>), u16> {
    let res = app.post_as(b, "/api/list_addresses").send().await.unwrap();
    if res.status() != 200 {
        return Err(res.status().as_u16());
    }
    let v: serde_json::Value = res.json().await.unwrap();
    let ids = |k: &str| {
        let mut ids: Vec<i64> = v[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        ids
    };
    Ok((ids("company"), ids("personal")))
}

#[tokio::test]
async fn address_rights_are_printjobs_for_senior_managers_department_managers_and_client_users() {
    for backend in backends() {
        let app = spawn(backend).await;
        let globex = app.company_id("globex").await;
        let fin = finance(&app).await.to_string();
        let head = address_id(&app, "Globex head office").await;
        let fin_office = address_id(&app, "Globex Finance office").await;
        let cliffs = address_id(&app, "Cliff at home").await;
        let olgas = address_id(&app, "Olga at home").await;
        let ians = address_id(&app, "Ian at the branch").await;
        let sam = app.signed_in_browser("sam@globex.test").await;
        let dan = app.signed_in_browser("dan@globex.test").await;
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let count = || async { address::Entity::find().count(&app.db.read).await.unwrap() };
        let before = count().await;

        // Bad input is refused and writes nothing.
        for (f, want) in [
            (form(0, false, globex, "", " "), 422),
            (form(0, false, globex, "", "Tab\there"), 422),
            (form(0, false, globex, "x", "Depot"), 422),
            (form(0, false, 999_999, "", "Depot"), 404),
        ] {
            assert_eq!(save(&app, &sam, &f).await, want, "{backend:?} {f:?}");
        }
        assert_eq!(count().await, before);

        // Senior Manager: adds, edits and deletes company addresses, but
        // does not assign them to departments.
        assert_eq!(
            save(&app, &sam, &form(0, false, globex, "", "Depot")).await,
            200
        );
        let depot = address_id(&app, "Depot").await;
        assert_eq!(
            save(&app, &sam, &form(0, false, globex, &fin, "Depot 2")).await,
            403
        );
        assert_eq!(
            save(&app, &sam, &form(head, false, 0, "", "Globex HQ")).await,
            200
        );
        assert_eq!(
            save(&app, &sam, &form(head, false, 0, &fin, "Globex HQ")).await,
            403
        );
        assert_eq!(delete(&app, &sam, depot).await, 200);
        // ... sees and edits every personal address, but adds or deletes none.
        let (_, personal) = book(&app, &sam).await.unwrap();
        assert!(
            [cliffs, olgas, ians].iter().all(|a| personal.contains(a)),
            "{personal:?}"
        );
        assert_eq!(
            save(&app, &sam, &form(olgas, true, 0, "", "Olga's home")).await,
            200
        );
        assert_eq!(delete(&app, &sam, olgas).await, 403);

        // Department Manager (Finance): cannot edit company addresses; edits,
        // but does not delete, the personal addresses of Finance's users.
        assert_eq!(
            save(&app, &dan, &form(fin_office, false, 0, "", "Finance")).await,
            403
        );
        assert_eq!(
            save(&app, &dan, &form(0, false, globex, "", "Dan's depot")).await,
            403
        );
        assert_eq!(
            save(&app, &dan, &form(cliffs, true, 0, "", "Cliff at home")).await,
            200
        );
        assert_eq!(
            save(&app, &dan, &form(olgas, true, 0, "", "Olga")).await,
            404
        );
        assert_eq!(delete(&app, &dan, cliffs).await, 403);

        // A client user keeps their own personal addresses, nobody else's.
        assert_eq!(
            save(&app, &cliff, &form(0, true, globex, "", "Cliff's cabin")).await,
            200
        );
        let cabin = address_id(&app, "Cliff's cabin").await;
        let stored = address::Entity::find_by_id(cabin)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            stored.owner_id,
            Some(app.user_id("cliff@globex.test").await)
        );
        assert_eq!(
            save(&app, &cliff, &form(cabin, true, 0, "", "Cliff's cabin")).await,
            200
        );
        assert_eq!(
            save(&app, &cliff, &form(olgas, true, 0, "", "Olga")).await,
            404
        );
        assert_eq!(book(&app, &cliff).await.unwrap().1, vec![cliffs, cabin]);
        assert_eq!(delete(&app, &cliff, cabin).await, 200);

        // The Admin assigns a company address to a department.
        assert_eq!(
            save(&app, &admin, &form(head, false, 0, &fin, "Globex HQ")).await,
            200
        );
        let head_now = address::Entity::find_by_id(head)
            .one(&app.db.read)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            head_now.department_id.map(|d| d.to_string()),
            Some(fin.clone())
        );
        assert_eq!(app.audit_count("address.deleted", "ok").await, 2);
    }
}

#[tokio::test]
async fn every_members_address_lists_hold_exactly_what_core_lets_them_see() {
    for backend in backends() {
        let app = spawn(backend).await;
        let all = address::Entity::find().all(&app.db.read).await.unwrap();
        let mut compared = 0;
        for (email, me) in app.demo_people().await {
            let b = app.signed_in_browser(&email).await;
            let want = |personal: bool, p: Permission| {
                let mut ids: Vec<i64> = all
                    .iter()
                    .filter(|a| a.owner_id.is_some() == personal)
                    .filter(|a| {
                        let row = imprimatur_app::model::AddressRow {
                            id: a.id,
                            company_id: a.company_id,
                            company_name: String::new(),
                            department_id: a.department_id,
                            department_name: None,
                            owner_id: a.owner_id,
                            owner_name: None,
                            name: String::new(),
                            street: String::new(),
                            postcode: String::new(),
                            city: String::new(),
                            country: String::new(),
                        };
                        authorize(&me, p, &row.resource()).is_allowed()
                    })
                    .map(|a| a.id)
                    .collect();
                ids.sort_unstable();
                ids
            };
            let company = want(false, Permission::CompanyAddressesView);
            let personal = want(true, Permission::PersonalAddressesView);
            match book(&app, &b).await {
                Ok(got) => {
                    compared += usize::from(!got.0.is_empty() || !got.1.is_empty());
                    assert_eq!(got, (company, personal), "{backend:?} {email}");
                }
                Err(status) => {
                    assert_eq!(status, 403, "{backend:?} {email}");
                    assert!(
                        company.is_empty() && personal.is_empty(),
                        "{backend:?} {email}"
                    );
                }
            }
        }
        assert!(
            compared >= 5,
            "{backend:?}: only {compared} non-empty books"
        );
    }
}

fn order_form(product: i64, title: &str, address: i64) -> Vec<(String, String)> {
    [
        ("product_id", product.to_string()),
        ("quantity", "10".to_string()),
        ("title", title.to_string()),
        ("approvers", String::new()),
        ("idempotency_key", String::new()),
        ("address_id", address.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("order[{k}]"), v))
    .collect()
}

async fn place(
    app: &TestApp,
    b: &reqwest::Client,
    f: &[(String, String)],
) -> (u16, Option<order::Model>) {
    let res = app
        .post_as(b, "/api/place_order")
        .form(f)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    if status != 200 {
        return (status, None);
    }
    let id: i64 = res.json().await.unwrap();
    (
        status,
        order::Entity::find_by_id(id)
            .one(&app.db.read)
            .await
            .unwrap(),
    )
}

async fn product_id(app: &TestApp, name: &str, company: i64) -> i64 {
    product::Entity::find()
        .filter(product::Column::Name.eq(name))
        .filter(product::Column::CompanyId.eq(company))
        .one(&app.db.read)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn managers_order_for_the_people_whose_addresses_they_may_use_inactive_ones_too() {
    for backend in backends() {
        let app = spawn(backend).await;
        let globex = app.company_id("globex").await;
        let acme = app.company_id("acme").await;
        let letterhead = product_id(&app, "Letterhead", globex).await;
        let report = product_id(&app, "Annual report", globex).await;
        let cards = product_id(&app, "Business cards", acme).await;
        let head = address_id(&app, "Globex head office").await;
        let cliffs = address_id(&app, "Cliff at home").await;
        let olgas = address_id(&app, "Olga at home").await;
        let ians = address_id(&app, "Ian at the branch").await;
        let sam = app.signed_in_browser("sam@globex.test").await;
        let dan = app.signed_in_browser("dan@globex.test").await;
        let cliff = app.signed_in_browser("cliff@globex.test").await;
        let admin = app.signed_in_browser("admin@imprimatur.test").await;
        let (sam_id, cliff_id) = (
            app.user_id("sam@globex.test").await,
            app.user_id("cliff@globex.test").await,
        );
        let ian_id = app.user_id("ian@globex.test").await;

        // The Senior Manager orders for Ian, who cannot sign in.
        let (status, o) = place(
            &app,
            &sam,
            &order_form(letterhead, "Letterhead for Ian", ians),
        )
        .await;
        assert_eq!(status, 200, "{backend:?}");
        let o = o.unwrap();
        assert_eq!((o.owner_id, o.placed_by), (ian_id, Some(sam_id)));
        assert!(
            o.ship_to
                .as_deref()
                .unwrap()
                .contains("5 Market Square, 50667 Cologne"),
            "{o:?}"
        );
        assert_eq!(o.state, "awaiting_approval");

        // The Finance manager orders for Finance's Cliff, not for Olga.
        let (status, o) = place(&app, &dan, &order_form(report, "Report for Cliff", cliffs)).await;
        assert_eq!(status, 200, "{backend:?}");
        assert_eq!(o.unwrap().owner_id, cliff_id);
        assert_eq!(
            place(&app, &dan, &order_form(letterhead, "For Olga", olgas))
                .await
                .0,
            404
        );

        // A client user ships to a company address for himself; he cannot
        // use a colleague's address.
        let (status, o) = place(&app, &cliff, &order_form(letterhead, "To the office", head)).await;
        assert_eq!(status, 200);
        let o = o.unwrap();
        assert_eq!((o.owner_id, o.placed_by), (cliff_id, None));
        assert!(
            o.ship_to
                .unwrap()
                .starts_with("Globex head office, 1 Globex Plaza")
        );
        assert_eq!(
            place(&app, &cliff, &order_form(letterhead, "For Olga", olgas))
                .await
                .0,
            404
        );
        assert_eq!(
            place(&app, &cliff, &order_form(letterhead, "Nowhere", 999_999))
                .await
                .0,
            404
        );

        // An address of another company is refused plainly.
        assert_eq!(
            place(&app, &admin, &order_form(cards, "Cards to Berlin", head))
                .await
                .0,
            422
        );

        // Sam's job list says whom the job was placed for.
        let jobs = app
            .json_from_form(
                &sam,
                "/api/list_orders",
                &[
                    ("query[text]", "Letterhead for Ian"),
                    ("query[state]", ""),
                    ("query[from]", ""),
                    ("query[to]", ""),
                ],
            )
            .await;
        assert_eq!(jobs[0]["owner_name"], "Ian Inactive");
        assert_eq!(jobs[0]["placed_by_name"], "Sam Senior-Manager");
    }
}
