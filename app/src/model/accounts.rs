//! Invitations, one-time links and sessions, as both sides see them.

use serde::{Deserialize, Serialize};

/// What the invitation page shows before the person accepts (opening the
/// link changes nothing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub email: String,
    pub company: String,
    pub role: String,
    /// A new account chooses a password; an existing one confirms its own.
    pub new_account: bool,
}

/// A pending invitation in the members administration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    pub role: String,
    /// "Acme" or "Acme / Sales".
    pub place: String,
    pub invited_at: String,
}

/// A place someone may be invited to, with the roles the actor may give there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitePlace {
    pub company_id: i64,
    pub department_id: Option<i64>,
    /// A project of the company (roles are given or invited to there).
    #[serde(default)]
    pub project_id: Option<i64>,
    pub label: String,
    /// (slug, name) of each role `core` lets the actor give here.
    pub roles: Vec<(String, String)>,
}

impl InvitePlace {
    /// The value of the place in a form: "company" or "company/department".
    pub fn key(&self) -> String {
        match (self.department_id, self.project_id) {
            (_, Some(p)) => format!("{}/p{}", self.company_id, p),
            (Some(d), None) => format!("{}/{}", self.company_id, d),
            (None, None) => self.company_id.to_string(),
        }
    }

    /// The scope a key names: "company", "company/department" or
    /// "company/p<project>".
    pub fn parse_scope(key: &str) -> Option<imprimatur_core::Scope> {
        use imprimatur_core::{CompanyId, ProjectId, Scope};
        if let Some((c, p)) = key.split_once("/p") {
            return Some(Scope::Project(
                CompanyId(c.parse().ok()?),
                ProjectId(p.parse().ok()?),
            ));
        }
        Some(match Self::parse_key(key)? {
            (c, Some(d)) => Scope::Department(CompanyId(c), imprimatur_core::DepartmentId(d)),
            (c, None) => Scope::Company(CompanyId(c)),
        })
    }

    /// Read a place's form value back.
    pub fn parse_key(key: &str) -> Option<(i64, Option<i64>)> {
        match key.split_once('/') {
            Some((c, d)) => Some((c.parse().ok()?, Some(d.parse().ok()?))),
            None => Some((key.parse().ok()?, None)),
        }
    }
}

/// One of the person's own sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub started: String,
    pub last_seen: String,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The session this page was loaded with.
    pub current: bool,
}

/// A time an administrator signed in as this person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpersonationRow {
    pub at: String,
    pub by: String,
    pub reason: String,
}

/// The longest reason accepted for signing in as someone.
pub const MAX_REASON_LEN: usize = 200;

/// A company where the person may add departments, with its departments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyDepartments {
    pub company_id: i64,
    pub company: String,
    pub departments: Vec<String>,
}

/// The longest department name accepted.
pub const MAX_DEPARTMENT_NAME_LEN: usize = 100;

/// A role a member holds, where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub id: i64,
    pub role: GivenRole,
    /// "Acme" or "Acme / Sales".
    pub place: String,
    pub company_id: Option<i64>,
    pub department_id: Option<i64>,
    pub project_id: Option<i64>,
    /// Whether `core` lets the viewer take this role away (filled in by the
    /// server function, which knows the company).
    pub removable: bool,
}

/// A role as an assignment holds it, with what `core` needs to judge giving
/// or taking it: a custom role's definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenRole {
    pub role: imprimatur_core::RoleRef,
    pub name: String,
    pub custom: Option<imprimatur_core::CustomRole>,
}

impl GivenRole {
    pub fn builtin(role: imprimatur_core::Role) -> Self {
        Self {
            role: role.into(),
            name: role.name().to_string(),
            custom: None,
        }
    }

    pub fn custom(def: imprimatur_core::CustomRole) -> Self {
        Self {
            role: imprimatur_core::RoleRef::Custom(def.id),
            name: def.name.clone(),
            custom: Some(def),
        }
    }

    /// May `actor` give (or take away) this role at `scope`?
    pub fn may_assign(
        &self,
        actor: &imprimatur_core::Principal,
        scope: imprimatur_core::Scope,
        target: &imprimatur_core::AssignTarget,
    ) -> imprimatur_core::Decision {
        imprimatur_core::may_assign(actor, self.role, self.custom.as_ref(), scope, target)
    }
}

impl AssignmentRow {
    pub fn scope(&self) -> imprimatur_core::Scope {
        use imprimatur_core::{CompanyId, DepartmentId, ProjectId, Scope};
        match (self.company_id, self.department_id, self.project_id) {
            (None, ..) => Scope::Platform,
            (Some(c), _, Some(p)) => Scope::Project(CompanyId(c), ProjectId(p)),
            (Some(c), None, None) => Scope::Company(CompanyId(c)),
            (Some(c), Some(d), None) => Scope::Department(CompanyId(c), DepartmentId(d)),
        }
    }
}

/// One of the person's passkeys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
}

/// A message in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub at: String,
    /// "queued", "sent …" or "not delivered: …".
    pub delivery: String,
}

/// The shortest password accepted (NIST SP 800-63B asks for at least 8; we ask more).
pub const MIN_PASSWORD_LEN: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_key_reads_back_as_the_same_place() {
        let p = InvitePlace {
            company_id: 3,
            department_id: Some(9),
            project_id: None,
            label: String::new(),
            roles: vec![],
        };
        assert_eq!(InvitePlace::parse_key(&p.key()), Some((3, Some(9))));
        assert_eq!(InvitePlace::parse_key("3"), Some((3, None)));
        assert_eq!(InvitePlace::parse_key("x/1"), None);
        assert_eq!(InvitePlace::parse_key("3/p4"), None);
        use imprimatur_core::{CompanyId, ProjectId, Scope};
        assert_eq!(
            InvitePlace::parse_scope("3/p4"),
            Some(Scope::Project(CompanyId(3), ProjectId(4)))
        );
        assert_eq!(
            InvitePlace::parse_scope("3"),
            Some(Scope::Company(CompanyId(3)))
        );
        assert_eq!(InvitePlace::parse_scope("3/px"), None);
    }
}

/// The access checker's answer about one member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessReport {
    pub allowed: bool,
    /// `core`'s reason, with places named.
    pub reason: String,
    /// Everything the member holds: (permission, how far, from which role where).
    pub effective: Vec<(String, String, String)>,
}

/// A department of one of a member's companies, and whether they are in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDepartment {
    pub company_id: i64,
    pub department_id: i64,
    /// "Acme / Sales".
    pub place: String,
    pub member: bool,
    /// Whether `core` lets the viewer put the member in or take them out
    /// (filled in by the server function).
    pub may_change: bool,
}
