//! Mail to a person whenever the ways they sign in change, queued in the
//! change's transaction: if someone else made the change, the owner learns
//! of it while there is still time to act. Never a secret in the body.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::db::entities::user;
use crate::error::ServerError;
use crate::mail::{self, Message};

/// What changed.
pub enum Change<'a> {
    PasskeyAdded(&'a str),
    PasskeyRemoved(&'a str),
    AuthenticatorAppSetUp,
    AuthenticatorAppRemoved,
    NewRecoveryCodes,
}

impl Change<'_> {
    fn subject(&self) -> &'static str {
        match self {
            Change::PasskeyAdded(_) => "A passkey was added to your Imprimatur account",
            Change::PasskeyRemoved(_) => "A passkey was removed from your Imprimatur account",
            Change::AuthenticatorAppSetUp => "An authenticator app was set up for your account",
            Change::AuthenticatorAppRemoved => {
                "The authenticator app was removed from your account"
            }
            Change::NewRecoveryCodes => "New recovery codes were made for your account",
        }
    }

    fn what(&self) -> String {
        match self {
            Change::PasskeyAdded(name) => {
                format!("A passkey named \u{201c}{name}\u{201d} was added")
            }
            Change::PasskeyRemoved(name) => {
                format!("The passkey named \u{201c}{name}\u{201d} was removed")
            }
            Change::AuthenticatorAppSetUp => "An authenticator app was set up".into(),
            Change::AuthenticatorAppRemoved => "The authenticator app was removed".into(),
            Change::NewRecoveryCodes => {
                "New recovery codes were made (the old ones no longer work)".into()
            }
        }
    }
}

fn body(change: &Change<'_>, at: DateTime<Utc>) -> String {
    format!(
        "{} for your Imprimatur account on {} UTC.\n\n\
         If this was you, there is nothing to do.\n\n\
         If it was not you, someone may be signed in as you: choose a new password \
         with \u{201c}Forgot your password?\u{201d} on the sign-in page, then sign in, \
         choose \u{201c}Sign out everywhere\u{201d} on your account page, check your \
         passkeys and two-step sign-in there, and tell your administrator.",
        change.what(),
        at.format("%Y-%m-%d %H:%M"),
    )
}

/// Queue the mail about `change` to `user_id` on `conn` (the change's
/// transaction).
pub async fn notify<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    change: Change<'_>,
) -> Result<(), ServerError> {
    let Some(person) = user::Entity::find_by_id(user_id).one(conn).await? else {
        return Err(ServerError::Corrupt(
            "a credential changed for an account that is not there".into(),
        ));
    };
    mail::queue(
        conn,
        Message {
            to: person.email,
            subject: change.subject().to_string(),
            body: body(&change, Utc::now()),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_says_what_changed_when_and_what_to_do_if_it_was_not_you() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T09:05:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap();
        let text = body(&Change::PasskeyAdded("Work laptop"), at);
        assert!(
            text.contains("\u{201c}Work laptop\u{201d} was added"),
            "{text}"
        );
        assert!(text.contains("2026-12-04 09:05 UTC"), "{text}");
        assert!(text.contains("If it was not you"), "{text}");
    }
}
