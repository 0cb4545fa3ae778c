//! Failed sign-ins are limited per account and per client address. The
//! account key is whatever address was typed, known or not, so the limit
//! itself reveals nothing about which accounts exist.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures allowed per account within the window.
pub const PER_ACCOUNT: u32 = 5;
/// Failures allowed per client address within the window (a shared office
/// address has many people behind it).
pub const PER_ADDRESS: u32 = 30;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Beyond this many tracked keys, expired ones are swept out.
const SWEEP_AT: usize = 100_000;

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
enum Key {
    Account(String),
    Address(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Shared by every request of this process.
#[derive(Clone, Debug, Default)]
pub struct SignInLimits {
    windows: Arc<Mutex<HashMap<Key, Window>>>,
}

impl SignInLimits {
    /// `Err(wait)` while the account or the address is locked out.
    pub fn check(&self, email: &str, addr: Option<IpAddr>) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(windows) = self.windows.lock() else {
            return Ok(());
        };
        let locked = |key: &Key, limit: u32| {
            windows.get(key).and_then(|w| {
                let left = WINDOW.saturating_sub(now.duration_since(w.started));
                (w.failures >= limit && !left.is_zero()).then_some(left)
            })
        };
        let account = locked(&Key::Account(email.to_string()), PER_ACCOUNT);
        let address = addr.and_then(|a| locked(&Key::Address(a), PER_ADDRESS));
        match account.into_iter().chain(address).max() {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    pub fn failed(&self, email: &str, addr: Option<IpAddr>) {
        let now = Instant::now();
        let Ok(mut windows) = self.windows.lock() else {
            return;
        };
        if windows.len() > SWEEP_AT {
            windows.retain(|_, w| now.duration_since(w.started) < WINDOW);
        }
        let keys = std::iter::once(Key::Account(email.to_string())).chain(addr.map(Key::Address));
        for key in keys {
            let w = windows.entry(key).or_insert(Window {
                started: now,
                failures: 0,
            });
            if now.duration_since(w.started) >= WINDOW {
                *w = Window {
                    started: now,
                    failures: 0,
                };
            }
            w.failures += 1;
        }
    }

    /// A correct password clears the account's count (not the address's).
    pub fn succeeded(&self, email: &str) {
        if let Ok(mut windows) = self.windows.lock() {
            windows.remove(&Key::Account(email.to_string()));
        }
    }
}

/// The words for a locked-out attempt, rounded up to whole minutes.
pub fn locked_message(wait: Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    format!(
        "Too many failed sign-ins. Try again in {minutes} minute{}, or choose a new password with \"Forgot your password?\".",
        if minutes == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn an_account_is_locked_after_five_failures_from_anywhere() {
        let limits = SignInLimits::default();
        for i in 0..PER_ACCOUNT {
            assert!(limits.check("a@b.c", addr(i as u8)).is_ok());
            limits.failed("a@b.c", addr(i as u8));
        }
        assert!(limits.check("a@b.c", addr(99)).is_err());
        assert!(limits.check("other@b.c", addr(99)).is_ok());
    }

    #[test]
    fn an_address_is_locked_after_thirty_failures_over_any_accounts() {
        let limits = SignInLimits::default();
        for i in 0..PER_ADDRESS {
            limits.failed(&format!("user{i}@b.c"), addr(1));
        }
        assert!(limits.check("fresh@b.c", addr(1)).is_err());
        assert!(limits.check("fresh@b.c", addr(2)).is_ok());
    }

    #[test]
    fn a_success_clears_the_account_count() {
        let limits = SignInLimits::default();
        for _ in 0..PER_ACCOUNT - 1 {
            limits.failed("a@b.c", addr(1));
        }
        limits.succeeded("a@b.c");
        limits.failed("a@b.c", addr(1));
        assert!(limits.check("a@b.c", addr(1)).is_ok());
    }

    #[test]
    fn the_message_rounds_up_to_minutes() {
        assert!(locked_message(Duration::from_secs(61)).contains("2 minutes"));
        assert!(locked_message(Duration::from_secs(5)).contains("1 minute,"));
    }
}
