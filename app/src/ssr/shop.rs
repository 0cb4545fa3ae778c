//! The storefront's side of the backend: catalog, print jobs, approvals.
//! Like [`super::Accounts`], it only reads and writes; the server functions
//! asked `core` first.

use std::sync::Arc;

use imprimatur_core::{Filter, ResourceState, StatusChange};
use leptos::prelude::use_context;

use super::{Client, RequestIdentity, SignedIn};
use crate::error::AppError;
use crate::model::{
    AddressBook, AddressPlace, AddressRow, ApprovalLinkView, CompanyPublicationTypes,
    ManagedProduct, OrderQuery, OrderRow, ProductRow, QuoteRow, QuoteState,
};

/// A product with the company rules that ordering it follows.
#[derive(Clone, Debug)]
pub struct ProductForOrder {
    pub product: ProductRow,
    pub need_approval: bool,
    /// Domains outside approvers may use; empty: none allowed.
    pub approver_domains: Vec<String>,
}

/// A product checked and ready to write.
#[derive(Clone, Debug)]
pub struct SavedProduct {
    /// `None`: a new product.
    pub id: Option<i64>,
    pub company_id: i64,
    pub department_id: Option<i64>,
    pub name: String,
    pub description: String,
    pub publication_type: String,
    pub price_cents: i64,
    pub active: bool,
    pub stock: StockCount,
    pub fields: Vec<crate::model::JobField>,
    /// Stocked products only: at or below this the stock is low.
    pub low_stock_at: Option<i64>,
}

/// What a product form does to the shelf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StockCount {
    /// Printed to order: no shelf.
    NotStocked,
    /// Stocked, the count left as it is (0 for a newly stocked product).
    Keep,
    /// Stocked, counted `to`; written only if the shelf still holds `was`.
    Set { to: i64, was: Option<i64> },
}

/// An order checked and ready to write.
#[derive(Clone, Debug)]
pub struct PlannedOrder {
    pub owner_id: i64,
    pub company_id: i64,
    pub department_id: Option<i64>,
    pub product_id: i64,
    pub title: String,
    pub quantity: i32,
    pub price_cents: i64,
    pub state: ResourceState,
    /// With the same key, the same person gets the same order back; the
    /// server refuses the key with anything else in the order.
    pub idempotency_key: Option<String>,
    /// Members asked to approve.
    pub approvers: Vec<i64>,
    /// Members whose roles let them approve it, mailed that it waits (not
    /// named approvers: their roles already show it to them).
    pub notify: Vec<i64>,
    /// Outside people asked to approve, who get a one-time link.
    pub outside_approvers: Vec<String>,
    pub reorder_of: Option<i64>,
    /// The answered quote this order accepts, at its quoted price; written
    /// in the same transaction, and refused if the quote is no longer open.
    pub from_quote: Option<i64>,
    /// The delivery address as read when ordered.
    pub ship_to: Option<String>,
    /// Who ordered it for `owner_id`, when that is someone else.
    pub placed_by: Option<i64>,
    /// A stock replenishment (PrintJob): its copies go onto the product's
    /// shelf when it ships.
    pub replenishes: bool,
    /// The product's fields as filled in (the price includes their choices).
    pub answers: Vec<crate::model::JobAnswer>,
}

/// Who decides an approval.
#[derive(Clone, Copy, Debug)]
pub enum Decider<'a> {
    Member(&'a RequestIdentity),
    /// An outside approver through the link's secret, used up by the decision.
    Link {
        token: &'a str,
        email: &'a str,
    },
}

#[async_trait::async_trait]
pub trait Shop: Send + Sync + 'static {
    /// The products `filter` (core's `ProductsView` visibility) lets through.
    async fn catalog(&self, filter: &Filter) -> Result<Vec<ProductRow>, AppError>;

    async fn product_for_order(&self, id: i64) -> Result<Option<ProductForOrder>, AppError>;

    /// The department a member orders under in a company (their first), if any.
    async fn department_in(&self, user_id: i64, company_id: i64) -> Result<Option<i64>, AppError>;

    /// Members holding one of `roles` (slugs), or with `custom` any custom
    /// role, in `company_id` at the company or at `department`.
    async fn role_holders(
        &self,
        company_id: i64,
        department: Option<i64>,
        roles: Vec<String>,
        custom: bool,
    ) -> Result<Vec<i64>, AppError>;

    /// A member of `company_id` by e-mail address.
    async fn member_by_email(&self, company_id: i64, email: &str) -> Result<Option<i64>, AppError>;

    /// The e-mail addresses of the people `ids`.
    async fn emails_of(&self, ids: Vec<i64>) -> Result<Vec<String>, AppError>;

    /// Writes the order, its approvers and their mail; an idempotency key
    /// already used by the same person returns that order instead.
    async fn place_order(
        &self,
        who: &RequestIdentity,
        client: &Client,
        order: PlannedOrder,
    ) -> Result<i64, AppError>;

    /// The newest orders `filter` lets through that match `query`.
    async fn orders(&self, filter: &Filter, query: &OrderQuery) -> Result<Vec<OrderRow>, AppError>;

    async fn order(&self, id: i64) -> Result<Option<OrderRow>, AppError>;

    /// Record the one decision of an order that waits for approval; 409 if
    /// someone decided first.
    async fn decide(
        &self,
        decider: Decider<'_>,
        order_id: i64,
        approve: bool,
        comment: &str,
        client: &Client,
    ) -> Result<(), AppError>;

    /// A live approval link's order, read-only: looking changes nothing.
    async fn approval_link(&self, token: &str) -> Result<Option<ApprovalLinkView>, AppError>;

    /// Changes a job's content while its state still allows it; 409 when
    /// an approval came first.
    async fn edit_order(
        &self,
        who: &RequestIdentity,
        client: &Client,
        edited: EditedOrder,
    ) -> Result<(), AppError>;

    /// Applies `change` to the job's stored status with core's transition
    /// rules; 409 when the status does not allow it (or changed meanwhile).
    async fn change_status(
        &self,
        who: &RequestIdentity,
        client: &Client,
        order_id: i64,
        change: StatusChange,
        low_stock_watchers: Vec<i64>,
    ) -> Result<ResourceState, AppError>;

    /// Writes a checked quote request.
    async fn request_quote(
        &self,
        who: &RequestIdentity,
        client: &Client,
        quote: PlannedQuote,
    ) -> Result<i64, AppError>;

    /// The newest quotes `filter` lets through, in `state` if given.
    async fn quotes(
        &self,
        filter: &Filter,
        state: Option<QuoteState>,
    ) -> Result<Vec<QuoteRow>, AppError>;

    async fn quote(&self, id: i64) -> Result<Option<QuoteRow>, AppError>;

    /// Prices a quote that still waits for one and mails the requester;
    /// 409 if someone answered first.
    async fn answer_quote(
        &self,
        who: &RequestIdentity,
        client: &Client,
        answer: QuoteAnswer,
    ) -> Result<(), AppError>;

    /// Declines a quote that is still open; 409 otherwise.
    async fn decline_quote(
        &self,
        who: &RequestIdentity,
        client: &Client,
        quote_id: i64,
    ) -> Result<(), AppError>;

    async fn address(&self, id: i64) -> Result<Option<AddressRow>, AppError>;

    /// The company and personal addresses the two filters (core's
    /// visibility for seeing each kind) let through; no places.
    async fn addresses(&self, company: &Filter, personal: &Filter)
    -> Result<AddressBook, AppError>;

    /// Products, switched off ones too, that `filter` (core's visibility
    /// for managing products) lets through.
    async fn managed_products(&self, filter: &Filter) -> Result<Vec<ManagedProduct>, AppError>;

    /// One product, switched off or not.
    async fn managed_product(&self, id: i64) -> Result<Option<ManagedProduct>, AppError>;

    /// Writes a checked product; returns its id. 409 when the shelf moved
    /// since the form read it.
    async fn save_product(
        &self,
        who: &RequestIdentity,
        client: &Client,
        product: SavedProduct,
    ) -> Result<i64, AppError>;

    /// The departments `filter` (core's visibility for assigning
    /// publication types) lets through, by company, with what each orders
    /// and the publication types of the company's products.
    async fn department_types(
        &self,
        filter: &Filter,
    ) -> Result<Vec<CompanyPublicationTypes>, AppError>;

    /// One department's company and the publication types of that
    /// company's products (and those already assigned in it).
    async fn department_type_choices(
        &self,
        department_id: i64,
    ) -> Result<Option<(i64, Vec<String>)>, AppError>;

    /// Replaces what a department orders (`None`: every type), checked.
    async fn assign_publication_types(
        &self,
        who: &RequestIdentity,
        client: &Client,
        department_id: i64,
        company_id: i64,
        limit: Option<Vec<String>>,
    ) -> Result<(), AppError>;

    /// Customer companies (all, or these), with their departments.
    async fn address_places(&self, only: Option<Vec<i64>>) -> Result<Vec<AddressPlace>, AppError>;

    /// Writes a checked address (new when `id` is `None`); returns its id.
    async fn save_address(
        &self,
        who: &RequestIdentity,
        client: &Client,
        address: SavedAddress,
    ) -> Result<i64, AppError>;

    async fn delete_address(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError>;

    /// The customer company at `slug`, with whether its shop is public.
    async fn shop_at(&self, slug: &str) -> Result<Option<ShopFacts>, AppError>;

    /// The products a company built for everyone in it (no department).
    async fn company_wide_products(&self, company_id: i64) -> Result<Vec<ProductRow>, AppError>;

    /// Ask for an account holding `JOINS_AS` in the shop's company: the
    /// address gets a link to finish it, or, when it has an account, a
    /// notice. One answer either way.
    async fn sign_up(
        &self,
        shop: &ShopFacts,
        new: NewCustomer<'_>,
        client: &Client,
    ) -> Result<(), AppError>;

    /// Finish an account asked for at the shop's checkout, from its mailed
    /// link and its password; the new customer is signed in.
    async fn finish_sign_up(
        &self,
        shop: &ShopFacts,
        token: &str,
        password: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError>;

    /// The signed-in person becomes a customer of the shop's company.
    async fn join(
        &self,
        who: &RequestIdentity,
        shop: &ShopFacts,
        client: &Client,
    ) -> Result<(), AppError>;
}

/// A job's new content, checked already.
#[derive(Clone, Debug)]
pub struct EditedOrder {
    pub id: i64,
    pub title: String,
    pub quantity: i32,
    pub price_cents: i64,
    /// New answers to the product's fields (`None`: the job has none).
    pub answers: Option<Vec<crate::model::JobAnswer>>,
}

/// An address to write, checked and authorized already.
#[derive(Clone, Debug)]
pub struct SavedAddress {
    pub id: Option<i64>,
    pub company_id: i64,
    pub department_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
}

/// A quote request, checked already.
#[derive(Clone, Debug)]
pub struct PlannedQuote {
    pub owner_id: i64,
    pub company_id: i64,
    pub department_id: Option<i64>,
    pub product_id: i64,
    pub title: String,
    pub quantity: i32,
    pub note: String,
}

/// The quote manager's price, checked already.
#[derive(Clone, Debug)]
pub struct QuoteAnswer {
    pub quote_id: i64,
    pub price_cents: i64,
    pub note: String,
}

/// A customer company's shop as its decisions need it.
#[derive(Clone, Debug)]
pub struct ShopFacts {
    pub shop: imprimatur_core::public_shop::PublicShop,
    pub name: String,
    pub slug: String,
}

/// Who opens an account at a public shop's checkout; checked already.
#[derive(Clone, Copy)]
pub struct NewCustomer<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
}

pub type SharedShop = Arc<dyn Shop>;

/// The shop from the request's context; take it before the first `.await`
/// (see [`super::accounts`]).
#[track_caller]
pub fn shop() -> Result<SharedShop, AppError> {
    let caller = std::panic::Location::caller();
    use_context::<SharedShop>().ok_or_else(|| {
        tracing::error!(%caller, "no shop in context");
        AppError::Internal
    })
}
