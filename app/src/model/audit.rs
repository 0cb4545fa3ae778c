//! The audit trail as the viewer shows it.

use serde::{Deserialize, Serialize};

/// One event of the trail, with people named by e-mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub action: String,
    pub outcome: String,
    pub actor: Option<String>,
    /// The platform admin who acted as `actor`.
    pub real_actor: Option<String>,
    pub subject: Option<String>,
    pub company_id: Option<i64>,
    pub client_addr: Option<String>,
    pub detail: String,
}

/// The viewer's filters; empty strings mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub action: String,
    pub outcome: String,
    /// Events where this address acted, was acted on, or acted as someone.
    pub email: String,
    pub limit: u64,
}

impl AuditQuery {
    pub const MAX_LIMIT: u64 = 1000;
}

/// The actions the trail records, for the viewer's filter.
pub const AUDIT_ACTIONS: &[&str] = &[
    "sign_in",
    "sign_out",
    "sign_out_everywhere",
    "password_reset",
    "invitation.sent",
    "invitation.resent",
    "invitation.cancelled",
    "invitation.accepted",
    "member.suspended",
    "member.reactivated",
    "member.credentials_sent",
    "members.imported",
    "impersonation.start",
    "impersonation.stop",
    "authorization",
];
