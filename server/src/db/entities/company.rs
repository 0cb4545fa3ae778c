use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    #[sea_orm(unique)]
    pub slug: String,
    /// customer, print_partner or dealer.
    pub kind: String,
    /// storefront or corporate, for customer companies.
    pub customer_family: Option<String>,
    pub is_public: bool,
    pub created_at: DateTimeUtc,
    /// Members must prove a second factor at sign-in.
    pub require_second_factor: bool,
    /// Where the company's data is kept; chosen once.
    pub data_region: String,
    /// How its people sign in; chosen once.
    pub auth_method: String,
    /// E-mail domains external approvers may use, one a line.
    pub approver_domains: String,
    /// The dealer company that manages this one.
    pub dealer_id: Option<i64>,
    /// New orders wait for an approval before they are produced.
    pub orders_need_approval: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
