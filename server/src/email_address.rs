//! E-mail addresses as accounts, invitations, the audit trail and the
//! outbox compare them.

/// E-mail addresses are compared without case: one account per address.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}
