//! One-time links: 256 random bits, only their SHA-256 stored, bound to a
//! purpose and an e-mail address, expiring, consumed once. Looking at a
//! token (the GET of a link) never consumes it; only [`consume`] does, inside
//! the transaction of the change it authorizes.

use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::db::entities::one_time_token;
use crate::error::ServerError;

/// 256 random bits, hex-encoded: one-time links, sessions, ceremonies.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
    /// Finishes an account asked for at a public shop's checkout.
    SignUp,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Invitation => "invitation",
            Purpose::PasswordReset => "password_reset",
            Purpose::SignUp => "sign_up",
        }
    }

    /// How long a link stays good.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Invitation => Duration::days(7),
            Purpose::PasswordReset => Duration::hours(1),
            Purpose::SignUp => Duration::days(1),
        }
    }
}

/// Issue a token; returns the secret for the link (never stored).
pub async fn issue<C: ConnectionTrait>(
    conn: &C,
    purpose: Purpose,
    email: &str,
    user_id: i64,
    invitation_id: Option<i64>,
) -> Result<String, ServerError> {
    let token = new_token();
    let now = Utc::now();
    one_time_token::ActiveModel {
        token_hash: Set(hash_token(&token)),
        purpose: Set(purpose.as_str().to_string()),
        email: Set(email.to_string()),
        user_id: Set(user_id),
        invitation_id: Set(invitation_id),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(token)
}

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The live token behind `token` for `purpose`, without using it up.
pub async fn peek<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    purpose: Purpose,
) -> Result<Option<one_time_token::Model>, ServerError> {
    if !well_formed(token) {
        return Ok(None);
    }
    Ok(one_time_token::Entity::find_by_id(hash_token(token))
        .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
        .filter(one_time_token::Column::UsedAt.is_null())
        .filter(one_time_token::Column::ExpiresAt.gt(Utc::now()))
        .one(conn)
        .await?)
}

/// Use the token up. Exactly one of several concurrent callers gets it: the
/// UPDATE only matches while `used_at` is still empty.
pub async fn consume<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    purpose: Purpose,
) -> Result<Option<one_time_token::Model>, ServerError> {
    let Some(found) = peek(conn, token, purpose).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    let updated = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::TokenHash.eq(found.token_hash.as_str()))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok((updated.rows_affected == 1).then_some(found))
}

/// Kill every live token of `user_id` for `purpose` (a new link replaces them).
pub async fn revoke_all<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    purpose: Purpose,
) -> Result<(), ServerError> {
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(one_time_token::Column::UserId.eq(user_id))
        .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Kill the live tokens of one invitation.
pub async fn revoke_invitation<C: ConnectionTrait>(
    conn: &C,
    invitation_id: i64,
) -> Result<(), ServerError> {
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(one_time_token::Column::InvitationId.eq(invitation_id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
