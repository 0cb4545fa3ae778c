//! The storefront: the catalog, print jobs, and their approval. Implements
//! the app's [`Shop`]; the server functions asked `core` before calling in.

mod addresses;
mod approvals;
mod catalog;
mod edits;
mod links;
pub mod names;
pub mod orders;
mod products;
mod public;
mod publication_types;
mod quotes;
mod status;
mod stock;

use std::sync::Arc;

use imprimatur_app::error::AppError;
use imprimatur_app::model::{
    AddressBook, AddressPlace, AddressRow, ApprovalLinkView, CompanyPublicationTypes,
    ManagedProduct, OrderQuery, OrderRow, ProductRow, QuoteRow, QuoteState,
};
use imprimatur_app::ssr::{
    Client, Decider, EditedOrder, NewCustomer, PlannedOrder, PlannedQuote, ProductForOrder,
    QuoteAnswer, RequestIdentity, SavedAddress, SavedProduct, Shop, ShopFacts, SignedIn,
};
use imprimatur_core::{Filter, ResourceState, StatusChange};

use crate::auth::password::Passwords;
use crate::config::Config;
use crate::db::Db;
use crate::http::request_memo::memoized;

/// A JSON column read back; a value that does not parse is logged and read
/// as empty, so one bad row cannot take a whole list down.
fn stored_json<T: serde::de::DeserializeOwned + Default>(text: &str, what: &str, id: i64) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| {
        tracing::error!(what, id, error = %e, "a stored JSON column does not parse");
        T::default()
    })
}

/// A value for a JSON column.
fn json_text<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value)
        .map_err(|e| crate::error::internal(crate::error::ServerError::Corrupt(e.to_string())))
}

pub struct ServerShop {
    pub db: Db,
    pub config: Arc<Config>,
    pub passwords: Passwords,
}

#[async_trait::async_trait]
impl Shop for ServerShop {
    async fn catalog(&self, filter: &Filter) -> Result<Vec<ProductRow>, AppError> {
        memoized(&format!("catalog {filter:?}"), || async {
            Ok(catalog::visible(&self.db, filter).await?)
        })
        .await
    }

    async fn product_for_order(&self, id: i64) -> Result<Option<ProductForOrder>, AppError> {
        Ok(catalog::for_order(&self.db, id).await?)
    }

    async fn department_in(&self, user_id: i64, company_id: i64) -> Result<Option<i64>, AppError> {
        Ok(catalog::department_in(&self.db, user_id, company_id).await?)
    }

    async fn role_holders(
        &self,
        company_id: i64,
        department: Option<i64>,
        roles: Vec<String>,
        custom: bool,
    ) -> Result<Vec<i64>, AppError> {
        Ok(catalog::role_holders(&self.db, company_id, department, roles, custom).await?)
    }

    async fn member_by_email(&self, company_id: i64, email: &str) -> Result<Option<i64>, AppError> {
        Ok(catalog::member_by_email(&self.db, company_id, email).await?)
    }

    async fn emails_of(&self, ids: Vec<i64>) -> Result<Vec<String>, AppError> {
        Ok(names::emails(&self.db.read, ids).await?)
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id))]
    async fn place_order(
        &self,
        who: &RequestIdentity,
        client: &Client,
        order: PlannedOrder,
    ) -> Result<i64, AppError> {
        orders::place(&self.db, &self.config, who, client, order).await
    }

    async fn orders(&self, filter: &Filter, query: &OrderQuery) -> Result<Vec<OrderRow>, AppError> {
        Ok(orders::list(&self.db.read, filter, query).await?)
    }

    async fn order(&self, id: i64) -> Result<Option<OrderRow>, AppError> {
        Ok(orders::one(&self.db.read, id).await?)
    }

    #[tracing::instrument(skip(self, decider, comment, client))]
    async fn decide(
        &self,
        decider: Decider<'_>,
        order_id: i64,
        approve: bool,
        comment: &str,
        client: &Client,
    ) -> Result<(), AppError> {
        approvals::decide(&self.db, decider, order_id, approve, comment, client).await
    }

    async fn approval_link(&self, token: &str) -> Result<Option<ApprovalLinkView>, AppError> {
        Ok(links::view(&self.db, token).await?)
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id, order = edited.id))]
    async fn edit_order(
        &self,
        who: &RequestIdentity,
        client: &Client,
        edited: EditedOrder,
    ) -> Result<(), AppError> {
        edits::edit(&self.db, who, client, edited).await
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id, order = order_id))]
    async fn change_status(
        &self,
        who: &RequestIdentity,
        client: &Client,
        order_id: i64,
        change: StatusChange,
        low_stock_watchers: Vec<i64>,
    ) -> Result<ResourceState, AppError> {
        status::change(&self.db, who, client, order_id, change, low_stock_watchers).await
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id))]
    async fn request_quote(
        &self,
        who: &RequestIdentity,
        client: &Client,
        quote: PlannedQuote,
    ) -> Result<i64, AppError> {
        quotes::request(&self.db, who, client, quote).await
    }

    async fn quotes(
        &self,
        filter: &Filter,
        state: Option<QuoteState>,
    ) -> Result<Vec<QuoteRow>, AppError> {
        Ok(quotes::list(&self.db.read, filter, state).await?)
    }

    async fn quote(&self, id: i64) -> Result<Option<QuoteRow>, AppError> {
        Ok(quotes::one(&self.db.read, id).await?)
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id, quote = answer.quote_id))]
    async fn answer_quote(
        &self,
        who: &RequestIdentity,
        client: &Client,
        answer: QuoteAnswer,
    ) -> Result<(), AppError> {
        quotes::answer(&self.db, &self.config, who, client, answer).await
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id, quote = quote_id))]
    async fn decline_quote(
        &self,
        who: &RequestIdentity,
        client: &Client,
        quote_id: i64,
    ) -> Result<(), AppError> {
        quotes::decline(&self.db, who, client, quote_id).await
    }

    async fn address(&self, id: i64) -> Result<Option<AddressRow>, AppError> {
        Ok(addresses::one(&self.db.read, id).await?)
    }

    async fn addresses(
        &self,
        company: &Filter,
        personal: &Filter,
    ) -> Result<AddressBook, AppError> {
        memoized(&format!("addresses {company:?} {personal:?}"), || async {
            Ok(addresses::book(&self.db.read, company, personal).await?)
        })
        .await
    }

    async fn managed_products(&self, filter: &Filter) -> Result<Vec<ManagedProduct>, AppError> {
        Ok(products::list(&self.db, filter).await?)
    }

    async fn managed_product(&self, id: i64) -> Result<Option<ManagedProduct>, AppError> {
        Ok(products::one(&self.db, id).await?)
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id))]
    async fn save_product(
        &self,
        who: &RequestIdentity,
        client: &Client,
        product: SavedProduct,
    ) -> Result<i64, AppError> {
        products::save(&self.db, who, client, product).await
    }

    async fn department_types(
        &self,
        filter: &Filter,
    ) -> Result<Vec<CompanyPublicationTypes>, AppError> {
        Ok(publication_types::list(&self.db, filter).await?)
    }

    async fn department_type_choices(
        &self,
        department_id: i64,
    ) -> Result<Option<(i64, Vec<String>)>, AppError> {
        Ok(publication_types::choices(&self.db, department_id).await?)
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id, department_id))]
    async fn assign_publication_types(
        &self,
        who: &RequestIdentity,
        client: &Client,
        department_id: i64,
        company_id: i64,
        limit: Option<Vec<String>>,
    ) -> Result<(), AppError> {
        publication_types::assign(&self.db, who, client, department_id, company_id, limit).await
    }

    async fn address_places(&self, only: Option<Vec<i64>>) -> Result<Vec<AddressPlace>, AppError> {
        memoized(&format!("address places {only:?}"), || async {
            Ok(addresses::places(&self.db.read, only).await?)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id))]
    async fn save_address(
        &self,
        who: &RequestIdentity,
        client: &Client,
        address: SavedAddress,
    ) -> Result<i64, AppError> {
        addresses::save(&self.db, who, client, address).await
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id, address = id))]
    async fn delete_address(
        &self,
        who: &RequestIdentity,
        client: &Client,
        id: i64,
    ) -> Result<(), AppError> {
        addresses::delete(&self.db, who, client, id).await
    }

    async fn shop_at(&self, slug: &str) -> Result<Option<ShopFacts>, AppError> {
        Ok(public::shop_at(&self.db, slug).await?)
    }

    async fn company_wide_products(&self, company_id: i64) -> Result<Vec<ProductRow>, AppError> {
        Ok(public::company_wide_products(&self.db, company_id).await?)
    }

    #[tracing::instrument(skip_all, fields(company = shop.shop.company.0))]
    async fn sign_up(
        &self,
        shop: &ShopFacts,
        new: NewCustomer<'_>,
        client: &Client,
    ) -> Result<(), AppError> {
        public::sign_up(&self.db, &self.config, &self.passwords, shop, new, client).await
    }

    #[tracing::instrument(skip_all, fields(company = shop.shop.company.0))]
    async fn finish_sign_up(
        &self,
        shop: &ShopFacts,
        token: &str,
        password: &str,
        client: &Client,
    ) -> Result<SignedIn, AppError> {
        public::finish_sign_up(
            &self.db,
            &self.config,
            &self.passwords,
            shop,
            token,
            password,
            client,
        )
        .await
    }

    #[tracing::instrument(skip_all, fields(user = who.user.id, company = shop.shop.company.0))]
    async fn join(
        &self,
        who: &RequestIdentity,
        shop: &ShopFacts,
        client: &Client,
    ) -> Result<(), AppError> {
        public::join(&self.db, who, shop, client).await
    }
}
