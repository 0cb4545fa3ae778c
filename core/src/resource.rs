//! What a decision is about: a plain-data snapshot of one resource.

use serde::{Deserialize, Serialize};

use crate::ids::{ChapterId, CompanyId, DepartmentId, ProjectId, UserId};

/// The kinds of things the portal protects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// The web portal itself (signing in to it, seeing its pages).
    Portal,
    /// The mobile printer app used on the shop floor (Scantrust).
    PrinterApp,
    /// A person's own account: profile, password, passkeys, sessions.
    Account,
    /// A member account as others administer it.
    User,
    /// A role assignment or invitation of a member.
    Membership,
    /// A company (tenant, print partner or dealer).
    Company,
    /// A company's tenant settings (Dispatcher).
    TenantSettings,
    /// A department of a company.
    Department,
    /// A group of members.
    Group,
    /// A role a company built itself.
    CustomRole,
    /// The platform: system and storefront settings, administrators.
    Platform,
    /// A catalogue product.
    Product,
    /// A print job / order.
    Order,
    /// A quote request.
    Quote,
    /// A company address.
    CompanyAddress,
    /// A user's personal address.
    PersonalAddress,
    /// A document project (CtrlPrint).
    Project,
    /// A chapter of a project and its document (CtrlPrint).
    Chapter,
    /// Workflows (Dispatcher).
    Workflow,
    /// Devices (Dispatcher).
    Device,
    /// Licenses and subscriptions (Dispatcher).
    License,
    /// Analytics and reports.
    Analytics,
    /// Printing equipment (Scantrust).
    Equipment,
    /// Substrates (Scantrust).
    Substrate,
    /// Work orders (Scantrust).
    WorkOrder,
    /// Partnerships between a customer and a print partner.
    Partnership,
    /// The audit trail.
    AuditLog,
    /// The outbox of mail the platform sent.
    Mailbox,
}

/// Where a resource is in its life. Only some actions care (see
/// `state_allows`); `None` on a snapshot means the kind has no such state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceState {
    Draft,
    AwaitingApproval,
    Approved,
    Rejected,
    OnHold,
    Shipped,
    Archived,
}

impl ResourceState {
    pub const ALL: [ResourceState; 7] = [
        ResourceState::Draft,
        ResourceState::AwaitingApproval,
        ResourceState::Approved,
        ResourceState::Rejected,
        ResourceState::OnHold,
        ResourceState::Shipped,
        ResourceState::Archived,
    ];

    /// The stable name stored in the database.
    pub const fn slug(self) -> &'static str {
        match self {
            ResourceState::Draft => "draft",
            ResourceState::AwaitingApproval => "awaiting_approval",
            ResourceState::Approved => "approved",
            ResourceState::Rejected => "rejected",
            ResourceState::OnHold => "on_hold",
            ResourceState::Shipped => "shipped",
            ResourceState::Archived => "archived",
        }
    }

    /// Whether a print job's content may still change in this state
    /// (until it is approved).
    pub fn content_editable(self) -> bool {
        !CLOSED_FOR_EDITING.contains(&self)
    }

    pub fn from_slug(slug: &str) -> Option<ResourceState> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// As a print job's status reads to people.
    pub const fn label(self) -> &'static str {
        match self {
            ResourceState::Draft => "Draft",
            ResourceState::AwaitingApproval => "Waiting for approval",
            ResourceState::Approved => "Approved",
            ResourceState::Rejected => "Rejected",
            ResourceState::OnHold => "On hold",
            ResourceState::Shipped => "Shipped",
            ResourceState::Archived => "Archived",
        }
    }
}

/// A snapshot of one resource, as the server loaded it (or the browser knows it).
///
/// Only the fields that matter for its kind are set; an unset field never
/// matches a rule that needs it, so a snapshot that forgets a field is denied,
/// never allowed by accident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub kind: ResourceKind,
    /// Row id, where the resource is one row (an order, a chapter...).
    pub id: Option<i64>,
    pub company: Option<CompanyId>,
    /// `None` for a company-wide resource or a company without departments.
    pub department: Option<DepartmentId>,
    pub owner: Option<UserId>,
    pub project: Option<ProjectId>,
    pub chapter: Option<ChapterId>,
    /// People asked to approve this order (designated approvers, PrintJob).
    pub approvers: Vec<UserId>,
    pub state: Option<ResourceState>,
    /// A product's publication type.
    #[serde(default)]
    pub publication_type: Option<String>,
}

impl Resource {
    /// A resource of `kind` with nothing else known.
    pub fn new(kind: ResourceKind) -> Self {
        Self {
            kind,
            id: None,
            company: None,
            department: None,
            owner: None,
            project: None,
            chapter: None,
            approvers: Vec::new(),
            state: None,
            publication_type: None,
        }
    }

    /// A resource of `kind` belonging to `company`.
    pub fn in_company(kind: ResourceKind, company: CompanyId) -> Self {
        Self {
            company: Some(company),
            ..Self::new(kind)
        }
    }

    pub fn with_id(mut self, id: i64) -> Self {
        self.id = Some(id);
        self
    }
    pub fn with_department(mut self, department: DepartmentId) -> Self {
        self.department = Some(department);
        self
    }
    pub fn with_owner(mut self, owner: UserId) -> Self {
        self.owner = Some(owner);
        self
    }
    pub fn with_project(mut self, project: ProjectId) -> Self {
        self.project = Some(project);
        self
    }
    pub fn with_chapter(mut self, project: ProjectId, chapter: ChapterId) -> Self {
        self.project = Some(project);
        self.chapter = Some(chapter);
        self
    }
    pub fn with_publication_type(mut self, publication_type: impl Into<String>) -> Self {
        self.publication_type = Some(publication_type.into());
        self
    }
    pub fn with_state(mut self, state: ResourceState) -> Self {
        self.state = Some(state);
        self
    }
    pub fn with_approver(mut self, approver: UserId) -> Self {
        self.approvers.push(approver);
        self
    }
}

/// The states in which `action` still makes sense, whoever asks.
/// PrintShop Mail Web: job content can be edited until the job is approved;
/// only a job that waits for approval can be approved.
pub(crate) fn state_allows(action: crate::Permission, state: Option<ResourceState>) -> bool {
    use crate::Permission as P;
    match (action, state) {
        (_, None) => true,
        (P::OrdersEditContent, Some(s)) => !CLOSED_FOR_EDITING.contains(&s),
        (P::OrdersApprove, Some(s)) => s == ResourceState::AwaitingApproval,
        _ => true,
    }
}

/// Past approval a job's content is fixed.
pub(crate) const CLOSED_FOR_EDITING: [ResourceState; 3] = [
    ResourceState::Approved,
    ResourceState::Shipped,
    ResourceState::Archived,
];

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_state_is_stored_as_the_slug_it_travels_as() {
        for s in ResourceState::ALL {
            assert_eq!(ResourceState::from_slug(s.slug()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.slug()));
            assert!(!s.label().is_empty());
        }
        assert_eq!(ResourceState::from_slug("lost"), None);
    }
}
