//! Who is asking: a plain-data snapshot the server builds from the database
//! (and hands to the browser), so `core` never has to look anything up.

use serde::{Deserialize, Serialize};

use crate::catalogue::Permission;
use crate::ids::{
    ChapterId, CompanyId, CustomRoleId, DepartmentId, GroupId, OrderId, ProjectId, UserId,
};
use crate::publication_types::DepartmentTypes;
use crate::reach::Reach;
use crate::roles::{Family, RoleRef, Scope};

/// An account's state (PrintJob's active / inactive / suspended users, plus
/// invitations that still wait for their e-mail to be verified).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserState {
    /// Invited or created, e-mail not verified yet.
    Invited,
    Active,
    /// Exists for ordering on their behalf; cannot sign in.
    Inactive,
    /// Cannot sign in; sessions stop; nothing is lost.
    Suspended,
}

impl UserState {
    pub fn label(self) -> &'static str {
        match self {
            UserState::Invited => "invited",
            UserState::Active => "active",
            UserState::Inactive => "inactive",
            UserState::Suspended => "suspended",
        }
    }
}

/// CtrlPrint's per-chapter permission levels, each including the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChapterLevel {
    /// Download as PDF, use Review, open in the Tagger.
    ReadComment,
    /// Also edit text in InCopy.
    InCopy,
    /// Also upload into empty chapters and make design changes.
    InDesign,
}

impl ChapterLevel {
    pub fn label(self) -> &'static str {
        match self {
            ChapterLevel::ReadComment => "Read & Comment",
            ChapterLevel::InCopy => "InCopy",
            ChapterLevel::InDesign => "InDesign",
        }
    }
}

/// A role held at a scope, directly or through a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignment {
    pub role: RoleRef,
    pub scope: Scope,
    /// The group the role came through, if it was assigned to a group.
    pub via_group: Option<GroupId>,
}

impl Assignment {
    pub fn new(role: impl Into<RoleRef>, scope: Scope) -> Self {
        Self {
            role: role.into(),
            scope,
            via_group: None,
        }
    }
}

/// A chapter permission given to a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChapterGrant {
    pub project: ProjectId,
    pub chapter: ChapterId,
    pub level: ChapterLevel,
}

/// A role a company built from the catalogue (PrintShop Mail Web).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomRole {
    pub id: CustomRoleId,
    pub company: CompanyId,
    pub name: String,
    pub family: Family,
    pub grants: Vec<(Permission, Reach)>,
}

/// A signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPrincipal {
    pub id: UserId,
    pub state: UserState,
    pub assignments: Vec<Assignment>,
    /// Departments the person is a member of.
    pub departments: Vec<DepartmentId>,
    /// Those of `departments` limited to some publication types.
    #[serde(default)]
    pub department_types: Vec<DepartmentTypes>,
    /// Companies managed by the dealers where the person is Tenant Manager.
    pub managed_tenants: Vec<CompanyId>,
    pub chapter_grants: Vec<ChapterGrant>,
    /// Projects where the person may accept/reject TrackChanges.
    pub track_changes_projects: Vec<ProjectId>,
    /// Definitions of the custom roles among `assignments`.
    pub custom_roles: Vec<CustomRole>,
    /// The real actor when a platform admin acts as this user.
    pub impersonated_by: Option<UserId>,
}

impl UserPrincipal {
    /// An active user with no roles yet.
    pub fn active(id: UserId) -> Self {
        Self {
            id,
            state: UserState::Active,
            assignments: Vec::new(),
            departments: Vec::new(),
            department_types: Vec::new(),
            managed_tenants: Vec::new(),
            chapter_grants: Vec::new(),
            track_changes_projects: Vec::new(),
            custom_roles: Vec::new(),
            impersonated_by: None,
        }
    }

    pub fn with(mut self, role: impl Into<RoleRef>, scope: Scope) -> Self {
        self.assignments.push(Assignment::new(role, scope));
        self
    }

    pub fn in_department(mut self, department: DepartmentId) -> Self {
        self.departments.push(department);
        self
    }

    /// Limits one of the person's departments to `publication_types`.
    pub fn limit_department<T: Into<String>>(
        mut self,
        department: DepartmentId,
        publication_types: impl IntoIterator<Item = T>,
    ) -> Self {
        self.department_types.push(DepartmentTypes {
            department,
            publication_types: publication_types.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// The definition of a custom role the person holds.
    pub fn custom_role(&self, id: CustomRoleId) -> Option<&CustomRole> {
        self.custom_roles.iter().find(|r| r.id == id)
    }

    pub(crate) fn chapter_level(&self, chapter: ChapterId) -> Option<ChapterLevel> {
        self.chapter_grants
            .iter()
            .filter(|g| g.chapter == chapter)
            .map(|g| g.level)
            .max()
    }
}

/// Someone without an account holding a one-time link for one order (PrintJob
/// external approver).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalApprover {
    pub order: OrderId,
    pub company: CompanyId,
    pub email: String,
}

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Principal {
    Anonymous,
    User(UserPrincipal),
    ExternalApprover(ExternalApprover),
}
