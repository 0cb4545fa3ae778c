//! The built-in role families, one per seed, under the seeds' own names.
//!
//! Each role's rights are written once, as the seed lists them; ladders
//! ("has all rights of the one before") are `inherits`. At compile time every
//! role is folded into a table indexed by permission, so a check is one load.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Module, Permission};
use crate::ids::{CompanyId, CustomRoleId, DepartmentId, ProjectId};
use crate::principal::ChapterLevel;
use crate::reach::Reach;

/// The six role families of DESIGN.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// PrintJob's platform staff.
    Platform,
    /// PrintShop Mail Web's customer ladder.
    Storefront,
    /// PrintJob's client roles.
    Corporate,
    /// Dispatcher ScanTrip Cloud's tenant roles.
    Tenant,
    /// CtrlPrint's document roles.
    Documents,
    /// Scantrust's printing-partner roles.
    PrintPartner,
}

impl Family {
    pub const ALL: &'static [Family] = &[
        Family::Platform,
        Family::Storefront,
        Family::Corporate,
        Family::Tenant,
        Family::Documents,
        Family::PrintPartner,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Family::Platform => "Platform",
            Family::Storefront => "Storefront",
            Family::Corporate => "Corporate",
            Family::Tenant => "Tenant",
            Family::Documents => "Documents",
            Family::PrintPartner => "Print partner",
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Family::Platform => "platform",
            Family::Storefront => "storefront",
            Family::Corporate => "corporate",
            Family::Tenant => "tenant",
            Family::Documents => "documents",
            Family::PrintPartner => "print_partner",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.slug() == slug)
    }
}

/// What kind of company a company-scoped role belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyKind {
    Customer,
    PrintPartner,
    Dealer,
}

impl CompanyKind {
    pub fn slug(self) -> &'static str {
        match self {
            CompanyKind::Customer => "customer",
            CompanyKind::PrintPartner => "print_partner",
            CompanyKind::Dealer => "dealer",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [
            CompanyKind::Customer,
            CompanyKind::PrintPartner,
            CompanyKind::Dealer,
        ]
        .into_iter()
        .find(|k| k.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            CompanyKind::Customer => "Customer",
            CompanyKind::PrintPartner => "Print partner",
            CompanyKind::Dealer => "Dealer",
        }
    }

    /// The role a new company's first administrator gets: its top role
    /// (Dispatcher's Tenant Super Admin; Scantrust gives the creator of a
    /// printing company Account Admin (Print); a dealer is run by its
    /// Tenant Manager).
    pub fn first_admin_role(self) -> Role {
        match self {
            CompanyKind::Customer => Role::TenantSuperAdmin,
            CompanyKind::PrintPartner => Role::AccountAdminPrint,
            CompanyKind::Dealer => Role::TenantManager,
        }
    }
}

/// The kinds of scope a role can be assigned at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Platform,
    Company,
    Department,
    Project,
}

/// Where a role is held. Scopes nest: platform ⊃ company ⊃ department / project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Platform,
    Company(CompanyId),
    Department(CompanyId, DepartmentId),
    Project(CompanyId, ProjectId),
}

impl Scope {
    pub fn kind(self) -> ScopeKind {
        match self {
            Scope::Platform => ScopeKind::Platform,
            Scope::Company(_) => ScopeKind::Company,
            Scope::Department(..) => ScopeKind::Department,
            Scope::Project(..) => ScopeKind::Project,
        }
    }

    pub fn company(self) -> Option<CompanyId> {
        match self {
            Scope::Platform => None,
            Scope::Company(c) | Scope::Department(c, _) | Scope::Project(c, _) => Some(c),
        }
    }

    /// Whether `inner` lies inside (or is) this scope.
    pub fn encloses(self, inner: Scope) -> bool {
        match (self, inner) {
            (Scope::Platform, _) => true,
            (Scope::Company(c), other) => other.company() == Some(c),
            (a, b) => a == b,
        }
    }
}

/// The first screen a role sees after signing in (PrintShop Mail Web).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartupScreen {
    PlatformDashboard,
    Companies,
    Storefront,
    MyJobs,
    Approvals,
    Department,
    Company,
    TenantAdministration,
    Workflows,
    TenantManagerDashboard,
    Projects,
    WorkOrders,
    PrinterApp,
}

impl StartupScreen {
    pub fn label(self) -> &'static str {
        match self {
            StartupScreen::PlatformDashboard => "Platform dashboard",
            StartupScreen::Companies => "Companies",
            StartupScreen::Storefront => "Storefront",
            StartupScreen::MyJobs => "My print jobs",
            StartupScreen::Approvals => "Approvals",
            StartupScreen::Department => "My departments",
            StartupScreen::Company => "Company administration",
            StartupScreen::TenantAdministration => "Tenant administration",
            StartupScreen::Workflows => "Workflows",
            StartupScreen::TenantManagerDashboard => "Tenant Manager Dashboard",
            StartupScreen::Projects => "Projects",
            StartupScreen::WorkOrders => "Work orders",
            StartupScreen::PrinterApp => "Printer app",
        }
    }
}

macro_rules! roles {
    ($($variant:ident),* $(,)?) => {
        /// A built-in role.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum Role { $($variant),* }
        impl Role {
            pub const ALL: &'static [Role] = &[$(Role::$variant),*];
        }
    };
}

roles!(
    Admin,
    JuniorAdmin,
    PublicCustomer,
    Customer,
    CustomerPlus,
    PowerUser,
    StorefrontDepartmentManager,
    CompanyManager,
    ClientUser,
    Approver,
    CorporateDepartmentManager,
    SeniorManager,
    TenantSuperAdmin,
    TenantAdmin,
    TenantUser,
    TenantManager,
    TenantManagerAndAdmin,
    CompanyAdministrator,
    ProjectAdministrator,
    DocumentsUser,
    AccountAdminPrint,
    WorkOrderManager,
    PrintOperator,
);

/// Everything the product knows about a built-in role.
#[derive(Debug)]
pub struct RoleDef {
    pub slug: &'static str,
    /// The seed's own name.
    pub name: &'static str,
    pub family: Family,
    /// Scope kinds it may be assigned at.
    pub scopes: &'static [ScopeKind],
    /// The kind of company it lives in (`None`: the platform).
    pub company_kind: Option<CompanyKind>,
    /// A system role (Dispatcher): never edited, at least one holder remains.
    pub system: bool,
    /// Whether the role can use the web portal (Print Operator cannot).
    pub portal_access: bool,
    /// The family's default role, which lets a member sign in.
    pub default_sign_in: bool,
    pub startup: StartupScreen,
    /// Ladder: has all rights of this role too.
    pub inherits: Option<Role>,
    /// All catalogue permissions outside `except` at this reach (platform staff).
    pub everything: Option<(Reach, Option<Module>)>,
    pub grants: &'static [(Permission, Reach)],
    /// Higher ranks see the screen first when a member holds several roles,
    /// and cannot be impersonated by a lower or equal platform rank.
    pub rank: u8,
}

use Permission as P;
use Reach::{Chapter as Ch, Own, Platform as Plat, Scope as Sc};
const RC: ChapterLevel = ChapterLevel::ReadComment;

/// What every account with portal access may do for itself.
const ACCOUNT: [(Permission, Reach); 3] = [
    (P::PortalAccess, Sc),
    (P::ProfileEditOwn, Own),
    (P::SessionsManageOwn, Own),
];

const fn cat<const A: usize, const B: usize, const N: usize>(
    a: [(Permission, Reach); A],
    b: [(Permission, Reach); B],
) -> [(Permission, Reach); N] {
    let mut out = [(P::PortalAccess, Own); N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

const PUBLIC_CUSTOMER: [(Permission, Reach); 6] = cat(
    ACCOUNT,
    [
        (P::ProductsView, Reach::SameDepartment),
        (P::OrdersCreate, Own),
        (P::OrdersApprove, Own),
    ],
);
const CUSTOMER: [(Permission, Reach); 19] = cat(
    ACCOUNT,
    [
        (P::PasswordRetrieve, Own),
        (P::ProductsView, Reach::SameDepartment),
        (P::OrdersCreate, Own),
        (P::OrdersEditContent, Own),
        (P::QuotesRequest, Own),
        (P::QuotesView, Own),
        (P::OrdersHold, Own),
        (P::OrdersShipping, Own),
        (P::OrdersView, Own),
        (P::OrdersReorder, Own),
        (P::OrdersSearch, Own),
        (P::CompanyAddressesView, Sc),
        (P::PersonalAddressesView, Own),
        (P::PersonalAddressesCreate, Own),
        (P::PersonalAddressesEdit, Own),
        (P::PersonalAddressesDelete, Own),
    ],
);
const CUSTOMER_PLUS: [(Permission, Reach); 1] = [(P::OrdersApprove, Own)];
const POWER_USER: [(Permission, Reach); 1] = [(P::OrdersApprove, Reach::SameDepartment)];
const STOREFRONT_DEPARTMENT_MANAGER: [(Permission, Reach); 8] = [
    (P::UsersView, Sc),
    (P::UsersCreate, Sc),
    (P::UsersInvite, Sc),
    (P::UsersDelete, Sc),
    (P::UsersPlaceInDepartments, Sc),
    (P::RolesAssign, Sc),
    (P::DepartmentsEdit, Sc),
    (P::CompanyView, Sc),
];
/// "Have control over one company and its departments": what a Department
/// Manager does in its departments, a Company Manager does in all of them.
const COMPANY_MANAGER: [(Permission, Reach); 7] = [
    (P::OrdersApprove, Sc),
    (P::ProductsView, Sc),
    (P::DepartmentsCreate, Sc),
    (P::DepartmentsAssignPublicationTypes, Sc),
    (P::CompanyEdit, Sc),
    (P::UsersEdit, Sc),
    (P::AccessCheck, Sc),
];

const CLIENT_USER: [(Permission, Reach); 17] = cat(
    ACCOUNT,
    [
        (P::PasswordRetrieve, Own),
        (P::ProductsView, Reach::SameDepartment),
        (P::OrdersCreate, Own),
        (P::OrdersEditContent, Own),
        (P::OrdersView, Own),
        (P::OrdersSearch, Own),
        (P::OrdersReorder, Own),
        (P::QuotesRequest, Own),
        (P::QuotesView, Own),
        (P::CompanyAddressesView, Sc),
        (P::PersonalAddressesView, Own),
        (P::PersonalAddressesCreate, Own),
        (P::PersonalAddressesEdit, Own),
        (P::PersonalAddressesDelete, Own),
    ],
);
const APPROVER: [(Permission, Reach); 5] = cat(
    ACCOUNT,
    [
        (P::OrdersApprove, Reach::RequestedApprover),
        (P::OrdersView, Reach::RequestedApprover),
    ],
);
/// What PrintJob's managers see and do across their reach.
const PRINTJOB_MANAGER: [(Permission, Reach); 11] = [
    (P::ProductsView, Sc),
    (P::UsersView, Sc),
    (P::CompanyAddressesView, Sc),
    (P::PersonalAddressesView, Sc),
    (P::PersonalAddressesEdit, Sc),
    (P::OrdersView, Sc),
    (P::OrdersSearch, Sc),
    (P::QuotesView, Sc),
    (P::OrdersApprove, Sc),
    (P::StockReplenish, Sc),
    (P::OrdersOnBehalf, Sc),
];
const SENIOR_MANAGER: [(Permission, Reach); 19] = cat(
    PRINTJOB_MANAGER,
    [
        (P::UsersCreate, Sc),
        (P::UsersInvite, Sc),
        (P::UsersEdit, Sc),
        (P::UsersDelete, Sc),
        (P::UsersSuspend, Sc),
        (P::UsersPlaceInDepartments, Sc),
        (P::CompanyAddressesManage, Sc),
        (P::CompanyView, Sc),
    ],
);

const TENANT_USER: [(Permission, Reach); 4] = cat(ACCOUNT, [(P::WorkflowsUseShared, Sc)]);
const TENANT_ADMIN: [(Permission, Reach); 24] = [
    (P::TenantAnalyticsView, Sc),
    (P::WorkflowsManage, Sc),
    (P::DevicesManage, Sc),
    (P::TenantAdminsInvite, Sc),
    (P::UsersInvite, Sc),
    (P::SubscriptionModify, Sc),
    (P::TenantReportsView, Sc),
    (P::CompanyView, Sc),
    (P::UsersView, Sc),
    (P::UsersEdit, Sc),
    (P::UsersSuspend, Sc),
    (P::UsersDelete, Sc),
    (P::UsersPlaceInDepartments, Sc),
    (P::UsersResendCredentials, Sc),
    (P::UsersReset2fa, Sc),
    (P::UsersRequire2fa, Sc),
    (P::RolesAssign, Sc),
    (P::CustomRolesManage, Sc),
    (P::DepartmentsCreate, Sc),
    (P::DepartmentsEdit, Sc),
    (P::GroupsManage, Sc),
    (P::AuditView, Sc),
    (P::AccessCheck, Sc),
    (P::CompanyEdit, Sc),
];
const TENANT_SUPER_ADMIN: [(Permission, Reach); 6] = [
    (P::TenantSettingsEdit, Sc),
    (P::TenantName, Sc),
    (P::TenantUrl, Sc),
    (P::TenantRegion, Sc),
    (P::TenantAuthMethod, Sc),
    (P::Security2faSso, Sc),
];
const TENANT_MANAGER_RIGHTS: [Permission; 7] = [
    P::LicensesView,
    P::LicensesActivate,
    P::TenantsViewStatus,
    P::TenantsContactInfo,
    P::TenantAnalyticsView,
    P::AnalyticsAcrossTenants,
    P::TenantAdminsInvite,
];
const fn at<const N: usize>(perms: [Permission; N], reach: Reach) -> [(Permission, Reach); N] {
    let mut out = [(P::PortalAccess, reach); N];
    let mut i = 0;
    while i < N {
        out[i] = (perms[i], reach);
        i += 1;
    }
    out
}
const TENANT_MANAGER: [(Permission, Reach); 10] =
    cat(ACCOUNT, at(TENANT_MANAGER_RIGHTS, Reach::ManagedTenants));
const TENANT_MANAGER_AND_ADMIN: [(Permission, Reach); 7] = at(TENANT_MANAGER_RIGHTS, Sc);

/// CtrlPrint rows every role has; a plain User needs chapter permissions.
const DOCUMENTS_USER: [(Permission, Reach); 18] = cat(
    ACCOUNT,
    [
        (P::DocumentsAccessEdit, Ch(RC)),
        (P::DocumentsAccessPdf, Ch(RC)),
        (P::DocumentsReview, Ch(RC)),
        (P::DocumentsEditText, Ch(ChapterLevel::InCopy)),
        (P::DocumentsEditDesign, Ch(ChapterLevel::InDesign)),
        (P::DocumentsAdd, Ch(ChapterLevel::InDesign)),
        (P::CommentsAdd, Ch(RC)),
        (P::CommentsAddVersion, Ch(RC)),
        (P::CommentsChangeStatus, Ch(RC)),
        (P::EmailUsers, Ch(RC)),
        (P::TrackChangesAcceptReject, Reach::TrackChangesHolder),
        (P::ChapterUnlockOwn, Ch(RC)),
        (P::SettingsViewTrackChangesEsef, Ch(RC)),
        (P::ChapterAccessView, Ch(RC)),
        (P::ProfileEditOwn, Own),
    ],
);
const PROJECT_ADMINISTRATOR: [(Permission, Reach); 32] = [
    // An administrator works on every chapter of the projects it administers.
    (P::DocumentsAccessEdit, Sc),
    (P::DocumentsAccessPdf, Sc),
    (P::DocumentsReview, Sc),
    (P::DocumentsEditText, Sc),
    (P::DocumentsEditDesign, Sc),
    (P::DocumentsAdd, Sc),
    (P::CommentsAdd, Sc),
    (P::CommentsAddVersion, Sc),
    (P::CommentsChangeStatus, Sc),
    (P::EmailUsers, Sc),
    (P::TrackChangesAcceptReject, Sc),
    (P::ChapterUnlockOwn, Sc),
    (P::SettingsViewTrackChangesEsef, Sc),
    (P::ChapterAccessView, Sc),
    (P::CommentsDelete, Sc),
    (P::EmailProject, Sc),
    (P::ProjectPublishMessage, Sc),
    (P::ChaptersCreate, Sc),
    (P::ProjectAddUsers, Sc),
    (P::ChapterSetPermissions, Sc),
    (P::ChapterDeleteVersions, Sc),
    (P::ChaptersDelete, Sc),
    (P::ChaptersToggleActive, Sc),
    (P::PdfProfilesAdd, Sc),
    (P::TrackChangesSetPermissions, Sc),
    (P::EsefChangeSettings, Sc),
    (P::ChapterUnlockOthers, Sc),
    (P::ChapterRenameReorder, Sc),
    (P::ProjectRename, Sc),
    (P::ChapterSetDone, Sc),
    (P::ProjectActivateFeatures, Sc),
    (P::ChapterViewLogs, Sc),
];
const COMPANY_ADMINISTRATOR: [(Permission, Reach); 15] = [
    (P::CompanyPublishMessage, Sc),
    (P::ProjectsCreateDelete, Sc),
    (P::ProjectsDuplicate, Sc),
    (P::ProjectsToggleActive, Sc),
    (P::ProjectsReorder, Sc),
    (P::Security2faSso, Sc),
    (P::UsersResendCredentials, Sc),
    (P::UsersReset2fa, Sc),
    (P::UsersCreate, Sc),
    (P::UsersDelete, Sc),
    (P::CompanyToggleActive, Sc),
    (P::CompanyEmailAll, Sc),
    (P::RolesAssign, Sc),
    (P::UsersView, Sc),
    (P::CompanyView, Sc),
];

const ACCOUNT_ADMIN_PRINT: [(Permission, Reach); 23] = cat(
    ACCOUNT,
    [
        (P::CompanyView, Sc),
        (P::CompanyEdit, Sc),
        (P::UsersView, Sc),
        (P::UsersCreate, Sc),
        (P::UsersInvite, Sc),
        (P::UsersEdit, Sc),
        (P::UsersDelete, Sc),
        (P::RolesAssign, Sc),
        (P::PartnershipsManage, Sc),
        (P::UsersRequire2fa, Sc),
        (P::EquipmentView, Sc),
        (P::EquipmentManage, Sc),
        (P::SubstratesManage, Sc),
        (P::WorkOrdersView, Sc),
        (P::WorkOrdersCancel, Sc),
        (P::WorkOrdersArchive, Sc),
        (P::WorkOrdersGenerateSsc, Sc),
        (P::WorkOrdersDownloadCodes, Sc),
        (P::PrinterAppCalibrateQa, Sc),
        (P::AccessCheck, Sc),
    ],
);
const WORK_ORDER_MANAGER: [(Permission, Reach); 8] = cat(
    ACCOUNT,
    [
        (P::EquipmentView, Sc),
        (P::WorkOrdersView, Sc),
        (P::WorkOrdersArchive, Sc),
        (P::WorkOrdersGenerateSsc, Sc),
        (P::WorkOrdersDownloadCodes, Sc),
    ],
);
/// Printer app only; the account basics that do not open the portal.
const PRINT_OPERATOR: [(Permission, Reach); 3] = [
    (P::PrinterAppCalibrateQa, Sc),
    (P::ProfileEditOwn, Own),
    (P::SessionsManageOwn, Own),
];

const COMPANY: &[ScopeKind] = &[ScopeKind::Company];
const DEPARTMENT: &[ScopeKind] = &[ScopeKind::Department];
const COMPANY_OR_DEPARTMENT: &[ScopeKind] = &[ScopeKind::Company, ScopeKind::Department];
const CUSTOMER_CO: Option<CompanyKind> = Some(CompanyKind::Customer);

macro_rules! def {
    ($slug:literal, $name:literal, $family:ident, $scopes:expr, $kind:expr, $startup:ident, $rank:literal,
     inherits: $inherits:expr, grants: $grants:expr $(, $flag:ident)*) => {
        RoleDef {
            slug: $slug,
            name: $name,
            family: Family::$family,
            scopes: $scopes,
            company_kind: $kind,
            startup: StartupScreen::$startup,
            rank: $rank,
            inherits: $inherits,
            grants: $grants,
            everything: None,
            system: false,
            portal_access: true,
            default_sign_in: false,
        }$(.$flag())*
    };
}

impl RoleDef {
    const fn system(mut self) -> Self {
        self.system = true;
        self
    }
    const fn default_sign_in(mut self) -> Self {
        self.default_sign_in = true;
        self
    }
    const fn no_portal(mut self) -> Self {
        self.portal_access = false;
        self
    }
    const fn everything_at_platform(mut self) -> Self {
        self.everything = Some((Plat, None));
        self
    }
    /// Junior Admin: like Admin, but only in assigned companies and without
    /// system or storefront settings.
    const fn everything_but_platform_in_scope(mut self) -> Self {
        self.everything = Some((Sc, Some(Module::Platform)));
        self
    }
}

static DEFS: [RoleDef; Role::ALL.len()] = [
    def!("admin", "Admin", Platform, &[ScopeKind::Platform], None, PlatformDashboard, 100,
         inherits: None, grants: &[], everything_at_platform),
    // Assigned once per company it may administer ("particular accounts").
    def!("junior_admin", "Junior Admin", Platform, COMPANY, None, Companies, 90,
         inherits: None, grants: &ACCOUNT, everything_but_platform_in_scope),
    def!("public_customer", "Public Customer", Storefront, COMPANY, CUSTOMER_CO, Storefront, 10,
         inherits: None, grants: &PUBLIC_CUSTOMER),
    def!("customer", "Customer", Storefront, COMPANY_OR_DEPARTMENT, CUSTOMER_CO, Storefront, 11,
         inherits: None, grants: &CUSTOMER, default_sign_in),
    def!("customer_plus", "Customer Plus", Storefront, COMPANY_OR_DEPARTMENT, CUSTOMER_CO, MyJobs, 12,
         inherits: Some(Role::Customer), grants: &CUSTOMER_PLUS),
    def!("power_user", "Power User", Storefront, COMPANY_OR_DEPARTMENT, CUSTOMER_CO, Approvals, 13,
         inherits: Some(Role::CustomerPlus), grants: &POWER_USER),
    def!("storefront_department_manager", "Department Manager", Storefront, DEPARTMENT, CUSTOMER_CO, Department, 14,
         inherits: Some(Role::PowerUser), grants: &STOREFRONT_DEPARTMENT_MANAGER),
    def!("company_manager", "Company Manager", Storefront, COMPANY, CUSTOMER_CO, Company, 15,
         inherits: Some(Role::StorefrontDepartmentManager), grants: &COMPANY_MANAGER),
    def!("client_user", "Client User", Corporate, COMPANY_OR_DEPARTMENT, CUSTOMER_CO, Storefront, 11,
         inherits: None, grants: &CLIENT_USER, default_sign_in),
    def!("approver", "Approver", Corporate, COMPANY_OR_DEPARTMENT, CUSTOMER_CO, Approvals, 12,
         inherits: None, grants: &APPROVER),
    def!("corporate_department_manager", "Department Manager", Corporate, DEPARTMENT, CUSTOMER_CO, Approvals, 14,
         inherits: Some(Role::ClientUser), grants: &PRINTJOB_MANAGER),
    def!("senior_manager", "Senior Manager", Corporate, COMPANY, CUSTOMER_CO, Company, 15,
         inherits: Some(Role::ClientUser), grants: &SENIOR_MANAGER),
    def!("tenant_super_admin", "Tenant Super Admin", Tenant, COMPANY, CUSTOMER_CO, TenantAdministration, 31,
         inherits: Some(Role::TenantAdmin), grants: &TENANT_SUPER_ADMIN, system),
    def!("tenant_admin", "Tenant Admin", Tenant, COMPANY, CUSTOMER_CO, TenantAdministration, 30,
         inherits: Some(Role::TenantUser), grants: &TENANT_ADMIN),
    def!("tenant_user", "Tenant User", Tenant, COMPANY, CUSTOMER_CO, Workflows, 5,
         inherits: None, grants: &TENANT_USER, default_sign_in),
    def!("tenant_manager", "Tenant Manager", Tenant, COMPANY, Some(CompanyKind::Dealer), TenantManagerDashboard, 32,
         inherits: None, grants: &TENANT_MANAGER),
    def!("tenant_manager_and_admin", "Tenant Manager & Admin", Tenant, COMPANY, CUSTOMER_CO, TenantManagerDashboard, 33,
         inherits: Some(Role::TenantSuperAdmin), grants: &TENANT_MANAGER_AND_ADMIN),
    def!("company_administrator", "Company Administrator", Documents, COMPANY, CUSTOMER_CO, Projects, 22,
         inherits: Some(Role::ProjectAdministrator), grants: &COMPANY_ADMINISTRATOR),
    def!("project_administrator", "Project Administrator", Documents, &[ScopeKind::Project], CUSTOMER_CO, Projects, 21,
         inherits: Some(Role::DocumentsUser), grants: &PROJECT_ADMINISTRATOR),
    def!("documents_user", "User", Documents, COMPANY, CUSTOMER_CO, Projects, 20,
         inherits: None, grants: &DOCUMENTS_USER, default_sign_in),
    def!("account_admin_print", "Account Admin (Print)", PrintPartner, COMPANY, Some(CompanyKind::PrintPartner), WorkOrders, 42,
         inherits: None, grants: &ACCOUNT_ADMIN_PRINT),
    def!("work_order_manager", "Work Order Manager", PrintPartner, COMPANY, Some(CompanyKind::PrintPartner), WorkOrders, 41,
         inherits: None, grants: &WORK_ORDER_MANAGER),
    def!("print_operator", "Print Operator", PrintPartner, COMPANY, Some(CompanyKind::PrintPartner), PrinterApp, 40,
         inherits: None, grants: &PRINT_OPERATOR, no_portal),
];

const N: usize = Permission::ALL.len();
/// Per role and permission, the set of reaches granted, one bit per reach code.
type Table = [u16; N];

impl Role {
    pub const fn def(self) -> &'static RoleDef {
        &DEFS[self as usize]
    }

    pub fn slug(self) -> &'static str {
        self.def().slug
    }
    pub fn name(self) -> &'static str {
        self.def().name
    }
    pub fn family(self) -> Family {
        self.def().family
    }
    pub fn from_slug(slug: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.slug() == slug)
    }

    /// The reaches this role grants for `permission` (a bit per reach code).
    #[inline]
    pub(crate) fn reach_bits(self, permission: Permission) -> u16 {
        TABLES[self as usize][permission as usize]
    }

    /// The reaches this role grants for `permission`.
    pub fn reaches(self, permission: Permission) -> impl Iterator<Item = Reach> {
        reaches_of(self.reach_bits(permission))
    }

    pub fn grants(self, permission: Permission) -> bool {
        self.reach_bits(permission) != 0
    }

    /// The roles of a family, in the seed's order.
    pub fn of_family(family: Family) -> impl Iterator<Item = Role> {
        Role::ALL
            .iter()
            .copied()
            .filter(move |r| r.family() == family)
    }
}

pub(crate) fn reaches_of(bits: u16) -> impl Iterator<Item = Reach> {
    (1..=10u8)
        .filter(move |c| bits & (1 << c) != 0)
        .filter_map(Reach::from_code)
}

const fn fold(role: Role) -> Table {
    let def = role.def();
    let mut table = match def.inherits {
        Some(parent) => fold(parent),
        None => [0; N],
    };
    if let Some((reach, except)) = def.everything {
        let mut i = 0;
        while i < N {
            let p = Permission::ALL[i];
            // Accepting an invitation is an invited account's state, not a right.
            let excluded = p as usize == Permission::InvitationAccept as usize
                || match except {
                    Some(m) => p.module() as u8 == m as u8,
                    None => false,
                };
            if !excluded {
                table[i] |= 1 << reach.code();
            }
            i += 1;
        }
    }
    let mut i = 0;
    while i < def.grants.len() {
        let (p, reach) = def.grants[i];
        table[p as usize] |= 1 << reach.code();
        i += 1;
    }
    table
}

static TABLES: [Table; Role::ALL.len()] = {
    let mut out = [[0; N]; Role::ALL.len()];
    let mut i = 0;
    while i < Role::ALL.len() {
        out[i] = fold(Role::ALL[i]);
        i += 1;
    }
    out
};

/// A role as an assignment names it: built in, or a company's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleRef {
    Builtin(Role),
    Custom(CustomRoleId),
}

impl RoleRef {
    /// How an assignment row stores the role: a built-in role's slug, or
    /// `custom:<id>` for a company's own.
    pub fn slug(self) -> String {
        match self {
            RoleRef::Builtin(r) => r.slug().to_string(),
            RoleRef::Custom(id) => format!("custom:{}", id.0),
        }
    }

    pub fn from_slug(slug: &str) -> Option<RoleRef> {
        match slug.strip_prefix("custom:") {
            Some(id) => id
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(|id| RoleRef::Custom(CustomRoleId(id))),
            None => Role::from_slug(slug).map(RoleRef::Builtin),
        }
    }
}

impl From<Role> for RoleRef {
    fn from(r: Role) -> Self {
        RoleRef::Builtin(r)
    }
}

serde_by_slug!(Role, "role");

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn role_slugs_are_unique_and_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_slug(r.slug()), Some(*r));
        }
    }

    #[test]
    fn role_refs_round_trip_through_their_stored_form() {
        for r in Role::ALL {
            let r = RoleRef::Builtin(*r);
            assert_eq!(RoleRef::from_slug(&r.slug()), Some(r));
        }
        let custom = RoleRef::Custom(CustomRoleId(42));
        assert_eq!(custom.slug(), "custom:42");
        assert_eq!(RoleRef::from_slug("custom:42"), Some(custom));
        assert_eq!(RoleRef::from_slug("custom:0"), None);
        assert_eq!(RoleRef::from_slug("custom:x"), None);
        assert_eq!(RoleRef::from_slug("nobody"), None);
    }

    #[test]
    fn definitions_line_up_with_the_enum() {
        let slugs: Vec<_> = Role::ALL.iter().map(|r| r.slug()).collect();
        assert_eq!(slugs[0], "admin");
        assert_eq!(slugs.last().copied(), Some("print_operator"));
        assert_eq!(DEFS.len(), Role::ALL.len());
    }

    #[test]
    fn each_family_has_at_most_one_default_sign_in_role() {
        for f in Family::ALL {
            let n = Role::of_family(*f)
                .filter(|r| r.def().default_sign_in)
                .count();
            assert!(n <= 1, "{f:?} has {n} default roles");
        }
    }

    #[test]
    fn a_company_scope_encloses_its_departments_but_not_another_company() {
        let a = CompanyId(1);
        assert!(Scope::Company(a).encloses(Scope::Department(a, DepartmentId(3))));
        assert!(!Scope::Company(CompanyId(2)).encloses(Scope::Department(a, DepartmentId(3))));
        assert!(Scope::Platform.encloses(Scope::Company(a)));
        assert!(!Scope::Department(a, DepartmentId(3)).encloses(Scope::Company(a)));
    }
}
