use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The administrator acting as `user_id`, if this is "login as".
    pub impersonator_id: Option<i64>,
    pub impersonation_reason: Option<String>,
    /// `None` for a full session; otherwise the password was right and the
    /// second factor is still to come (see `auth::second_factor::Step`).
    pub second_factor_step: Option<String>,
    /// When the holder last confirmed their password in this session.
    pub reauthenticated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
