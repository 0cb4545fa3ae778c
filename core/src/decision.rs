//! A decision and the words that explain it.

use serde::{Deserialize, Serialize};

use crate::catalogue::Permission;
use crate::ids::{CustomRoleId, GroupId};
use crate::principal::UserState;
use crate::reach::Reach;
use crate::roles::{RoleRef, Scope};

/// Why something was allowed: the assignment that carried it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowed {
    pub role: RoleRef,
    pub scope: Scope,
    pub reach: Reach,
    pub via_group: Option<GroupId>,
}

/// Why something was denied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denied {
    /// Nobody is signed in.
    NotSignedIn,
    /// The account's state allows nothing of the kind.
    AccountState(UserState),
    /// The action changes sign-in secrets and someone is acting as the user.
    WhileImpersonated,
    /// The action does not apply to this kind of resource.
    WrongResource,
    /// No role held grants the action at all.
    NoRoleGrants(Permission),
    /// A role grants the action, but not over this resource.
    OutsideReach(Permission),
    /// An external approver's link covers one order and nothing else.
    ExternalApproverLimit,
    /// Delegation: the role would give rights the actor does not hold.
    Escalation(Permission),
    /// Delegation: a seed-specific limit (see the text).
    SeedLimit(&'static str),
    /// Delegation: the role cannot be assigned at this kind of scope or company.
    WrongScope,
    /// Built-in roles are fixed.
    SystemRole,
    /// The resource is past the point where this action applies
    /// (an approved job's content, a job that is not waiting for approval).
    ResourceState,
    /// The company's shop is not open to the public.
    NotPublicShop,
    /// The person already holds a role in that company.
    AlreadyMember,
    /// Separation of duties: the job was ordered by or for the approver.
    OwnJob,
}

/// The answer to "may this principal do this?". Denied unless proven allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allow(Allowed),
    /// Allowed by something other than a role assignment (an account acting
    /// on itself in a state that allows it, an external approver's link).
    AllowBecause(&'static str),
    Deny(Denied),
}

impl Decision {
    #[inline]
    pub fn is_allowed(&self) -> bool {
        !matches!(self, Decision::Deny(_))
    }

    /// The decision in a sentence, with scopes and custom roles named by `names`.
    pub fn explain(&self, names: &dyn Names) -> String {
        match self {
            Decision::Allow(a) => {
                let mut s = format!(
                    "Allowed by {} in {} ({}).",
                    role_name(a.role, names),
                    names.scope(a.scope),
                    a.reach.describe()
                );
                if let Some(g) = a.via_group {
                    s.pop();
                    s.push_str(&format!(", through the group {}.", names.group(g)));
                }
                s
            }
            Decision::AllowBecause(why) => format!("Allowed: {why}."),
            Decision::Deny(d) => match d {
                Denied::NotSignedIn => "Denied: you are not signed in.".to_string(),
                Denied::AccountState(s) => format!("Denied: the account is {}.", s.label()),
                Denied::WhileImpersonated => {
                    "Denied: sign-in details cannot be changed while acting as another user."
                        .to_string()
                }
                Denied::WrongResource => "Denied: that action does not apply here.".to_string(),
                Denied::NoRoleGrants(p) => {
                    format!(
                        "Denied: none of the roles held allows \u{201c}{}\u{201d}.",
                        p.label()
                    )
                }
                Denied::OutsideReach(p) => format!(
                    "Denied: a role allows \u{201c}{}\u{201d}, but not for this item.",
                    p.label()
                ),
                Denied::ExternalApproverLimit => {
                    "Denied: an approval link covers only its own order.".to_string()
                }
                Denied::Escalation(p) => format!(
                    "Denied: that role includes \u{201c}{}\u{201d}, which you do not hold there.",
                    p.label()
                ),
                Denied::SeedLimit(why) => format!("Denied: {why}."),
                Denied::WrongScope => {
                    "Denied: that role cannot be given at that place.".to_string()
                }
                Denied::SystemRole => "Denied: built-in roles cannot be changed.".to_string(),
                Denied::ResourceState => {
                    "Denied: that is no longer possible at this stage.".to_string()
                }
                Denied::NotPublicShop => {
                    "Denied: this company's shop is not open to the public.".to_string()
                }
                Denied::AlreadyMember => {
                    "Denied: you already hold a role in this company.".to_string()
                }
                Denied::OwnJob => {
                    "Denied: nobody approves a print job they ordered or that was ordered for them."
                        .to_string()
                }
            },
        }
    }
}

fn role_name(role: RoleRef, names: &dyn Names) -> String {
    match role {
        RoleRef::Builtin(r) => r.name().to_string(),
        RoleRef::Custom(id) => names.custom_role(id),
    }
}

/// Names of the things a decision mentions; the server and the browser know
/// them, `core` does not.
pub trait Names {
    fn scope(&self, scope: Scope) -> String;
    fn custom_role(&self, id: CustomRoleId) -> String;
    fn group(&self, id: GroupId) -> String;
}

/// Names things by their ids, for logs and tests.
pub struct NumericNames;

impl Names for NumericNames {
    fn scope(&self, scope: Scope) -> String {
        match scope {
            Scope::Platform => "the platform".to_string(),
            Scope::Company(c) => format!("company {}", c.0),
            Scope::Department(_, d) => format!("department {}", d.0),
            Scope::Project(_, p) => format!("project {}", p.0),
        }
    }
    fn custom_role(&self, id: CustomRoleId) -> String {
        format!("custom role {}", id.0)
    }
    fn group(&self, id: GroupId) -> String {
        format!("group {}", id.0)
    }
}
