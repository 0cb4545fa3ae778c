use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    /// `core::UserState` as its serde name.
    pub state: String,
    pub created_at: DateTimeUtc,
    /// The WebAuthn user handle (a UUID), made with the first passkey.
    pub webauthn_handle: Option<String>,
    /// An administrator requires a second factor of this member.
    pub require_second_factor: bool,
    /// An administrator reset the second factor: enrol again at sign-in.
    pub enrol_second_factor: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
