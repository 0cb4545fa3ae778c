//! Attempts limited per account and per client address: failed sign-ins,
//! wrong second-factor codes, reset requests, passkey sign-ins started. The
//! counters live in the database, so every server process behind the load
//! balancer enforces one limit. The account key is whatever was typed,
//! known or not, so the limit itself reveals nothing about which accounts
//! exist.
//!
//! A code at the second step is counted before it is tried, so requests
//! racing each other cannot all slip in under the limit. A password is
//! counted once it proved wrong: many correct sign-ins at once (one shared
//! account, a load test) must not lock each other out, and hashing is
//! bounded anyway.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::entities::attempt_counter::{self as counter, Column};
use crate::error::ServerError;

pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// One kind of attempt and its limits within the window.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    name: &'static str,
    pub per_account: u32,
    /// A shared office address has many people behind it.
    pub per_address: u32,
}

pub const SIGN_IN: Limit = Limit {
    name: "sign_in",
    per_account: 5,
    per_address: 30,
};

/// Counted apart from passwords: whoever knows the password must not be
/// able to reset the count by typing it again.
pub const SECOND_FACTOR: Limit = Limit {
    name: "second_factor",
    per_account: 5,
    per_address: 30,
};

pub const PASSWORD_RESET: Limit = Limit {
    name: "password_reset",
    per_account: 5,
    per_address: 30,
};

/// Each start stores a ceremony; a button press is one, a retry or two more.
pub const PASSKEY_SIGN_IN: Limit = Limit {
    name: "passkey_sign_in",
    per_account: 0,
    per_address: 60,
};

/// The counts after an attempt was counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// Beyond a limit: refuse without trying.
    pub refused: bool,
    /// This attempt used up the account's last try.
    pub last: bool,
    /// Until the longest of the windows at their limit ends.
    pub wait: Duration,
}

/// How long is left of a window started at `started`, as of `now`.
fn left_of(started: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    let gone = (now - started).to_std().unwrap_or(Duration::ZERO);
    WINDOW.saturating_sub(gone)
}

fn window_start_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now - chrono::Duration::from_std(WINDOW).unwrap_or(chrono::Duration::MAX)
}

impl Limit {
    fn account_key(&self, account: &str) -> String {
        format!("{}:account:{account}", self.name)
    }

    fn address_key(&self, addr: IpAddr) -> String {
        format!("{}:address:{addr}", self.name)
    }

    /// The keys this attempt counts against, each with its limit.
    fn keys(&self, account: Option<&str>, addr: Option<IpAddr>) -> Vec<(String, u32, bool)> {
        let account = account.map(|a| (self.account_key(a), self.per_account, true));
        let address = addr.map(|a| (self.address_key(a), self.per_address, false));
        account.into_iter().chain(address).collect()
    }

    /// Count one attempt for `account` (if the limit has accounts) and
    /// `addr`, and say whether it may go ahead.
    pub async fn count<C: ConnectionTrait>(
        &self,
        conn: &C,
        account: Option<&str>,
        addr: Option<IpAddr>,
    ) -> Result<Attempt, ServerError> {
        let now = Utc::now();
        sweep(conn, now).await?;
        let mut attempt = Attempt {
            refused: false,
            last: false,
            wait: Duration::ZERO,
        };
        let keys = self.keys(account, addr);
        for (key, limit, is_account) in &keys {
            let (attempts, started) = bump(conn, key, now).await?;
            if attempts >= *limit {
                attempt.wait = attempt.wait.max(left_of(started, now));
            }
            attempt.refused |= attempts > *limit;
            attempt.last |= *is_account && attempts == *limit;
        }
        // A refused attempt was never tried, so it counts against nothing
        // (an office address is not locked by one locked account's retries).
        if attempt.refused {
            for (key, ..) in &keys {
                uncount(conn, key).await?;
            }
        }
        Ok(attempt)
    }

    /// Whether `account` or `addr` is at its limit: how long is left if so.
    pub async fn locked<C: ConnectionTrait>(
        &self,
        conn: &C,
        account: Option<&str>,
        addr: Option<IpAddr>,
    ) -> Result<Option<Duration>, ServerError> {
        let now = Utc::now();
        let mut wait = None;
        for (key, limit, _) in self.keys(account, addr) {
            let Some(row) = counter::Entity::find_by_id(key).one(conn).await? else {
                continue;
            };
            let left = left_of(row.window_started_at, now);
            if u32::try_from(row.attempts).unwrap_or(0) >= limit && !left.is_zero() {
                wait = std::cmp::max(wait, Some(left));
            }
        }
        Ok(wait)
    }

    /// Count an attempt that was tried and failed.
    pub async fn failed<C: ConnectionTrait>(
        &self,
        conn: &C,
        account: Option<&str>,
        addr: Option<IpAddr>,
    ) -> Result<(), ServerError> {
        let now = Utc::now();
        sweep(conn, now).await?;
        for (key, ..) in self.keys(account, addr) {
            bump(conn, &key, now).await?;
        }
        Ok(())
    }

    /// The attempt succeeded: the account starts afresh, and the address
    /// (when it was charged in advance by [`Limit::count`]) is not charged
    /// for it.
    pub async fn succeeded<C: ConnectionTrait>(
        &self,
        conn: &C,
        account: &str,
        addr: Option<IpAddr>,
    ) -> Result<(), ServerError> {
        counter::Entity::delete_by_id(self.account_key(account))
            .exec(conn)
            .await?;
        if let Some(addr) = addr {
            uncount(conn, &self.address_key(addr)).await?;
        }
        Ok(())
    }
}

async fn uncount<C: ConnectionTrait>(conn: &C, key: &str) -> Result<(), ServerError> {
    counter::Entity::update_many()
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
        .filter(Column::CounterKey.eq(key))
        .filter(Column::Attempts.gt(0))
        .exec(conn)
        .await?;
    Ok(())
}

/// Add one to `key`'s count, in a new window if its last one ended; the
/// count and the window's start. Two single statements, each atomic, so
/// concurrent processes never lose a count.
async fn bump<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(u32, DateTime<Utc>), ServerError> {
    counter::Entity::insert(counter::ActiveModel {
        counter_key: Set(key.to_string()),
        attempts: Set(0),
        window_started_at: Set(now),
    })
    .on_conflict_do_nothing()
    .exec(conn)
    .await?;
    let ended = Expr::col(Column::WindowStartedAt).lte(window_start_cutoff(now));
    counter::Entity::update_many()
        .col_expr(
            Column::Attempts,
            Expr::case(ended.clone(), 1)
                .finally(Expr::col(Column::Attempts).add(1))
                .into(),
        )
        .col_expr(
            Column::WindowStartedAt,
            Expr::case(ended, now)
                .finally(Expr::col(Column::WindowStartedAt))
                .into(),
        )
        .filter(Column::CounterKey.eq(key))
        .exec(conn)
        .await?;
    let row = counter::Entity::find_by_id(key.to_string())
        .one(conn)
        .await?;
    Ok(row.map_or((1, now), |r| {
        (u32::try_from(r.attempts).unwrap_or(0), r.window_started_at)
    }))
}

/// Windows that ended count nothing any more.
async fn sweep<C: ConnectionTrait>(conn: &C, now: DateTime<Utc>) -> Result<(), ServerError> {
    counter::Entity::delete_many()
        .filter(Column::WindowStartedAt.lte(window_start_cutoff(now)))
        .exec(conn)
        .await?;
    Ok(())
}

/// The words for a locked-out attempt, rounded up to whole minutes.
pub fn locked_message(wait: Duration) -> String {
    format!(
        "Too many failed sign-ins. Try again in {}, or choose a new password with \"Forgot your password?\".",
        minutes(wait)
    )
}

/// "3 minutes", rounded up.
pub fn minutes(wait: Duration) -> String {
    let minutes = std::cmp::max(wait.as_secs().div_ceil(60), 1);
    format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_rounds_up_to_minutes() {
        assert!(locked_message(Duration::from_secs(61)).contains("2 minutes"));
        assert!(locked_message(Duration::from_secs(5)).contains("1 minute,"));
    }

    #[test]
    fn a_window_runs_out_after_fifteen_minutes() {
        let now = Utc::now();
        assert_eq!(left_of(now, now), WINDOW);
        let started = now - chrono::Duration::minutes(10);
        assert_eq!(left_of(started, now), Duration::from_secs(5 * 60));
        let long_ago = now - chrono::Duration::hours(1);
        assert_eq!(left_of(long_ago, now), Duration::ZERO);
        assert!(window_start_cutoff(now) < started);
    }

    #[test]
    fn each_kind_of_attempt_has_counters_of_its_own() {
        let addr = Some(IpAddr::from([192, 0, 2, 1]));
        let sign_in = SIGN_IN.keys(Some("a@b.c"), addr);
        let codes = SECOND_FACTOR.keys(Some("a@b.c"), addr);
        assert!(sign_in.iter().all(|k| !codes.contains(k)));
        assert_eq!(sign_in[0].0, "sign_in:account:a@b.c");
        assert_eq!(sign_in[1].0, "sign_in:address:192.0.2.1");
        assert_eq!(PASSKEY_SIGN_IN.keys(None, addr).len(), 1);
    }
}
