//! The permission catalogue: every action any seed names, plus what the portal
//! itself needs. Each has a stable slug (stored in the database, so never
//! renamed), a label, a one-line description, a module and the kind of
//! resource it acts on.

use serde::{Deserialize, Serialize};

use crate::resource::ResourceKind;

macro_rules! catalogue {
    ($(
        $module:ident $mlabel:literal {
            $($variant:ident = $slug:literal, $kind:ident, $label:literal, $desc:literal;)*
        }
    )*) => {
        /// A module groups permissions in pickers and matrices.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Module { $($module),* }

        impl Module {
            pub const ALL: &'static [Module] = &[$(Module::$module),*];
            pub const fn label(self) -> &'static str {
                match self { $(Module::$module => $mlabel),* }
            }
        }

        /// One action of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u16)]
        pub enum Permission { $($($variant,)*)* }

        impl Permission {
            /// Every permission, in catalogue order.
            pub const ALL: &'static [Permission] = &[$($(Permission::$variant,)*)*];

            /// The stable identifier used in the database and the API.
            pub const fn slug(self) -> &'static str {
                match self { $($(Permission::$variant => $slug,)*)* }
            }
            pub const fn label(self) -> &'static str {
                match self { $($(Permission::$variant => $label,)*)* }
            }
            pub const fn description(self) -> &'static str {
                match self { $($(Permission::$variant => $desc,)*)* }
            }
            pub const fn module(self) -> Module {
                match self { $($(Permission::$variant => Module::$module,)*)* }
            }
            /// The kind of resource this action acts on; asking about any other
            /// kind is denied.
            pub const fn resource_kind(self) -> ResourceKind {
                match self { $($(Permission::$variant => ResourceKind::$kind,)*)* }
            }
        }
    };
}

catalogue! {
    Portal "Portal" {
        PortalAccess = "portal.access", Portal, "Use the web portal", "Sign in to the web portal and open its pages.";
        ProfileEditOwn = "profile.edit_own", Account, "Change own information and password", "Edit one's own name, e-mail, password, passkeys and second factor.";
        PasswordRetrieve = "profile.retrieve_password", Account, "Retrieve a new password", "Ask for a password-reset link by e-mail.";
        InvitationAccept = "profile.accept_invitation", Account, "Accept an invitation", "Verify one's e-mail address and set a password or passkey.";
        SessionsManageOwn = "profile.manage_sessions", Account, "Manage own sessions", "See one's active sessions and sign out everywhere.";
    }
    Platform "Platform administration" {
        SystemSettings = "platform.system_settings", Platform, "System settings", "View and change the platform's system settings.";
        StorefrontSettings = "platform.storefront_settings", Platform, "Storefront settings", "View and change the platform's storefront settings.";
        AdministratorsManage = "platform.administrators", Platform, "Manage administrators", "Create administrators and junior administrators.";
        CompaniesCreate = "platform.companies_create", Platform, "Create companies", "Create customer, print-partner and dealer companies.";
        Impersonate = "platform.impersonate", User, "Sign in as another user", "Act as another user, with a reason, audited.";
        MailboxView = "platform.mailbox", Mailbox, "Read the mailbox", "Read the outbox of mail the platform sent.";
        AdminEmails = "platform.admin_emails", Platform, "Receive admin e-mails", "Receive every e-mail sent to administrators.";
    }
    Company "Company administration" {
        CompanyView = "company.view", Company, "View the company", "See the company, its departments and its members.";
        CompanyEdit = "company.edit", Company, "Modify the company", "Change the company's details and users settings.";
        CompanyToggleActive = "company.toggle_active", Company, "Inactivate/activate a company", "Switch the whole company off or on.";
        CompanyPublishMessage = "company.publish_message", Company, "Publish message for whole company", "Post a message every member of the company sees.";
        CompanyEmailAll = "company.email_all", Company, "Send email to whole company", "Send an e-mail to every member of the company.";
        DepartmentsCreate = "departments.create", Department, "Add departments", "Create departments in the company.";
        DepartmentsEdit = "departments.edit", Department, "Modify details within departments", "Change a department's name and details.";
        DepartmentsAssignPublicationTypes = "departments.assign_publication_types", Department, "Assign publication types to a department", "Choose which publication types a department may order.";
        GroupsManage = "groups.manage", Group, "Manage member groups", "Create groups, add members and assign roles to groups.";
        AuditView = "audit.view", AuditLog, "View the audit trail", "Read and export the audit trail.";
        AccessCheck = "roles.check_access", Membership, "Check access", "See what a member may do and why.";
    }
    Users "Users and roles" {
        UsersView = "users.view", User, "See users", "List and search members and their roles.";
        UsersCreate = "users.create", User, "Create users", "Create user accounts, active or inactive, and import them from CSV.";
        UsersInvite = "users.invite", Membership, "Invite and manage invitations for users", "Invite people by e-mail, resend and cancel invitations.";
        UsersEdit = "users.edit", User, "Edit users", "Change a member's details.";
        UsersDelete = "users.delete", User, "Delete users", "Remove a member account.";
        UsersSuspend = "users.suspend", User, "Suspend and reactivate users", "Stop a member from signing in, or let them back in.";
        UsersPlaceInDepartments = "users.place_in_departments", User, "Place users in departments", "Add members to departments and take them out.";
        UsersResendCredentials = "users.resend_credentials", User, "Resend a user their credentials", "Send a member a fresh link to set their password.";
        UsersReset2fa = "users.reset_2fa", User, "Reset a user's 2FA token", "Make a member enrol their second factor again.";
        UsersRequire2fa = "users.require_2fa", User, "Enable 2FA for users", "Require a second factor for a member.";
        RolesAssign = "roles.assign", Membership, "Assign roles to users", "Give members roles and take them away.";
        CustomRolesManage = "roles.manage_custom", CustomRole, "Create new roles", "Build, change and delete the company's own roles.";
        Security2faSso = "security.2fa_sso", Company, "Activate 2FA and SSO", "Require a second factor or single sign-on for the company.";
    }
    Tenant "Tenant (Dispatcher)" {
        TenantAnalyticsView = "tenant.analytics", Analytics, "View analytics and contact information for a single tenant", "See one tenant's analytics and contacts.";
        TenantSettingsEdit = "tenant.settings", TenantSettings, "View and edit their tenant's settings", "Open the tenant settings page.";
        TenantName = "tenant.name", TenantSettings, "Assign or edit the tenant's name", "Name the tenant.";
        TenantUrl = "tenant.url", TenantSettings, "Assign or edit the tenant's unique URL", "Choose the tenant's unique URL.";
        TenantRegion = "tenant.region", TenantSettings, "Select the region where the tenant's data will be stored", "Chosen at initial setup, locked afterwards.";
        TenantAuthMethod = "tenant.auth_method", TenantSettings, "Select the authentication method for the tenant", "Chosen at initial setup, locked afterwards.";
        WorkflowsManage = "workflows.manage", Workflow, "Create, configure, and manage workflows", "Build and change workflows, including the sample workflows.";
        WorkflowsUseShared = "workflows.use_shared", Workflow, "Use shared workflows", "Run workflows that are shared with you.";
        DevicesManage = "devices.manage", Device, "Input and manage devices", "Add and manage devices.";
        TenantAdminsInvite = "tenant.invite_admins", Membership, "Invite and manage invitations for tenant admins", "Invite tenant admins, resend and cancel their invitations.";
        SubscriptionModify = "tenant.subscription", License, "Modify the tenant's subscription", "Change what the tenant subscribes to.";
        TenantReportsView = "tenant.reports", Analytics, "View in-depth reports and analytics about a single tenancy", "Open a tenant's detailed reports.";
        LicensesView = "licenses.view", License, "View all configured and unconfigured licenses", "See the licenses of the tenants you manage.";
        LicensesActivate = "licenses.activate", License, "Activate a single license", "Activate a purchased license to begin tenant configuration.";
        TenantsViewStatus = "tenants.view_status", Company, "View the status of all tenants", "See configured and unconfigured tenants.";
        TenantsContactInfo = "tenants.contact_info", Company, "Enter and maintain tenant contact information", "Keep a tenant's contact details.";
        AnalyticsAcrossTenants = "tenants.analytics_across", Analytics, "View analytics across multiple tenants", "Aggregate device usage, workflows and more.";
    }
    Catalog "Catalog" {
        ProductsView = "products.view", Product, "See products", "Browse the products built for you.";
        ProductsManage = "products.manage", Product, "Manage products", "Create and change products, prices, options and publication types.";
    }
    Orders "Print jobs and orders" {
        OrdersCreate = "orders.create", Order, "Create and order print jobs", "Fill a cart and order print jobs.";
        OrdersEditContent = "orders.edit_content", Order, "Edit job content", "Change a print job until it is approved.";
        OrdersView = "orders.view", Order, "Request an overview of print jobs", "See print jobs and their status.";
        OrdersSearch = "orders.search", Order, "Search for specific print jobs", "Search print jobs by text, status and date.";
        OrdersReorder = "orders.reorder", Order, "Re-order print jobs", "Order a previous print job again.";
        OrdersHold = "orders.hold", Order, "Put a job on hold", "Hold a print job and release it.";
        OrdersShipping = "orders.shipping", Order, "Adjust the shipping status", "Set a print job's shipping status.";
        OrdersApprove = "orders.approve", Order, "Approve print jobs", "Approve or reject print jobs that wait for approval.";
        OrdersOnBehalf = "orders.on_behalf", Order, "Order on behalf of others", "Choose another user's address and order for them.";
        StockReplenish = "orders.stock_replenishment", Order, "Order stock replenishments", "Order stock to be replenished.";
        QuotesRequest = "quotes.request", Quote, "Request a quote", "Ask for a price before ordering.";
        QuotesView = "quotes.view", Quote, "See quotes", "See quote requests and their answers.";
        QuotesManage = "quotes.manage", Quote, "Manage quotes", "Answer quotes and turn them into orders.";
    }
    Addresses "Addresses" {
        CompanyAddressesView = "addresses.company_view", CompanyAddress, "See company addresses", "See and use the company's addresses.";
        CompanyAddressesManage = "addresses.company_manage", CompanyAddress, "Add, edit and delete company addresses", "Maintain the company's addresses.";
        CompanyAddressesAssign = "addresses.company_assign", CompanyAddress, "Assign company addresses to departments", "Choose which departments use which company address.";
        PersonalAddressesView = "addresses.personal_view", PersonalAddress, "See personal addresses", "See and use personal addresses.";
        PersonalAddressesCreate = "addresses.personal_create", PersonalAddress, "Add personal addresses", "Add a personal address.";
        PersonalAddressesEdit = "addresses.personal_edit", PersonalAddress, "Edit personal addresses", "Change a personal address.";
        PersonalAddressesDelete = "addresses.personal_delete", PersonalAddress, "Delete personal addresses", "Remove a personal address.";
    }
    Documents "Documents (CtrlPrint)" {
        DocumentsAccessEdit = "documents.access_edit", Chapter, "Access documents and edit them", "Open a chapter's document and edit it as the chapter permission allows.";
        DocumentsAccessPdf = "documents.access_pdf", Chapter, "Access PDFs (individual chapters and combined)", "Download chapters and the combined document as PDF.";
        DocumentsAdd = "documents.add", Chapter, "Add a new document to the system", "Upload a document into an empty chapter (needs InDesign on it).";
        DocumentsReview = "documents.review", Chapter, "Use CtrlPrint Review and the Tagger", "Open a chapter in Review and the Tagger.";
        DocumentsEditText = "documents.edit_text", Chapter, "Edit text in InCopy", "Open a chapter in InCopy to make text changes.";
        DocumentsEditDesign = "documents.edit_design", Chapter, "Make design changes in InDesign", "Make design and text changes to a chapter.";
        CommentsAdd = "comments.add", Chapter, "Add comments", "Comment on a chapter.";
        CommentsAddVersion = "comments.add_version", Chapter, "Add version comments", "Describe a chapter version.";
        CommentsChangeStatus = "comments.change_status", Chapter, "Change comment status", "Mark comments as done or open.";
        CommentsDelete = "comments.delete", Chapter, "Delete comments", "Remove comments.";
        EmailUsers = "email.users", Project, "Send email to other users", "Send an e-mail to other members.";
        EmailProject = "email.project", Project, "Send email to all users in a project", "Send an e-mail to everyone in a project.";
        TrackChangesAcceptReject = "trackchanges.accept_reject", Chapter, "Accept/reject TrackChanges (with permissions)", "Accept or reject tracked changes, for holders of that permission.";
        ChapterUnlockOwn = "chapters.unlock_own", Chapter, "Unlock a chapter that is locked by you", "Release your own lock on a chapter.";
        SettingsViewTrackChangesEsef = "trackchanges.view_settings", Project, "View TrackChanges/ESEF settings", "See the TrackChanges and ESEF settings of a project.";
        ChapterAccessView = "chapters.view_access", Project, "View a project's chapter access permissions", "See who may do what in each chapter.";
        ProjectPublishMessage = "projects.publish_message", Project, "Publish message for a project", "Post a message to a project's members.";
        ChaptersCreate = "chapters.create", Project, "Create chapters", "Add chapters to a project.";
        ProjectAddUsers = "projects.add_users", Project, "Add users to a project", "Give members access to a project.";
        ChapterSetPermissions = "chapters.set_permissions", Project, "Set user permissions for chapters", "Give members Read & Comment, InCopy or InDesign on chapters.";
        ChapterDeleteVersions = "chapters.delete_versions", Chapter, "Delete chapter versions", "Remove old versions of a chapter.";
        ChaptersDelete = "chapters.delete", Chapter, "Delete chapters", "Remove chapters.";
        ChaptersToggleActive = "chapters.toggle_active", Chapter, "Inactivate/activate chapters", "Switch chapters off or on.";
        PdfProfilesAdd = "projects.pdf_profiles", Project, "Add PDF profiles", "Add PDF export profiles.";
        TrackChangesSetPermissions = "trackchanges.set_permissions", Project, "Set permissions for accepting/rejecting TrackChanges", "Choose who may accept or reject tracked changes.";
        EsefChangeSettings = "projects.esef_settings", Project, "Change settings for ESEF projects", "Change ESEF project settings.";
        ChapterUnlockOthers = "chapters.unlock_others", Chapter, "Unlock a chapter that is locked by another user", "Release another member's lock.";
        ChapterRenameReorder = "chapters.rename_reorder", Chapter, "Change a chapter's name and order", "Rename and reorder chapters.";
        ProjectRename = "projects.rename", Project, "Change a project's name", "Rename a project.";
        ChapterSetDone = "chapters.set_done", Chapter, "Set a chapter's status as done", "Mark a chapter as done.";
        ProjectActivateFeatures = "projects.activate_features", Project, "Activate TrackChanges, Review, WordExport, Tagger, Integrate", "Switch a project's features on.";
        ChapterViewLogs = "chapters.view_logs", Chapter, "View chapter logs", "Read a chapter's log.";
        ProjectsCreateDelete = "projects.create_delete", Project, "Create/delete projects", "Create and delete projects.";
        ProjectsDuplicate = "projects.duplicate", Project, "Duplicate projects", "Copy a project.";
        ProjectsToggleActive = "projects.toggle_active", Project, "Inactivate/activate projects", "Switch projects off or on.";
        ProjectsReorder = "projects.reorder", Project, "Change the order of projects", "Reorder the company's projects.";
    }
    PrintPartner "Print partner (Scantrust)" {
        PartnershipsManage = "partner.partnerships", Partnership, "Manage partnerships", "Manage partnerships with customer companies.";
        EquipmentView = "equipment.view", Equipment, "View printing equipment", "See the printing equipment.";
        EquipmentManage = "equipment.manage", Equipment, "Manage printing equipment", "Create, calibrate, re-calibrate, edit and archive printing equipment.";
        SubstratesManage = "substrates.manage", Substrate, "Manage substrates", "Create, edit and archive substrates.";
        WorkOrdersView = "work_orders.view", WorkOrder, "View work orders", "See work orders.";
        WorkOrdersCancel = "work_orders.cancel", WorkOrder, "Cancel work orders", "Cancel a work order.";
        WorkOrdersArchive = "work_orders.archive", WorkOrder, "Archive work orders", "Archive a work order.";
        WorkOrdersGenerateSsc = "work_orders.generate_ssc", WorkOrder, "Generate Scantrust Secure Code (SSC) from a work order", "Generate secure codes for a work order.";
        WorkOrdersDownloadCodes = "work_orders.download_codes", WorkOrder, "Download serial number and Scantrust codes from a work order", "Download a work order's serial numbers and codes.";
        PrinterAppCalibrateQa = "printer_app.calibrate_qa", PrinterApp, "Conduct equipment calibration and QA on the Printer app", "Calibrate equipment and check print quality of secure-code work orders on the Printer app.";
    }
}

/// A set of permissions as a bit set: copying and comparing costs nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PermissionSet([u64; 4]);

impl PermissionSet {
    pub const EMPTY: PermissionSet = PermissionSet([0; 4]);

    pub const fn with(mut self, p: Permission) -> Self {
        let i = p as usize;
        self.0[i / 64] |= 1 << (i % 64);
        self
    }
    pub const fn contains(&self, p: Permission) -> bool {
        let i = p as usize;
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    pub fn insert(&mut self, p: Permission) {
        *self = self.with(p);
    }
    pub fn iter(&self) -> impl Iterator<Item = Permission> + '_ {
        Permission::ALL
            .iter()
            .copied()
            .filter(|p| self.contains(*p))
    }
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        iter.into_iter().fold(Self::EMPTY, Self::with)
    }
}

impl Permission {
    /// Look a permission up by its slug.
    pub fn from_slug(slug: &str) -> Option<Permission> {
        Permission::ALL.iter().copied().find(|p| p.slug() == slug)
    }

    /// Changes to one's own sign-in secrets, refused while someone acts as you.
    pub const fn touches_credentials(self) -> bool {
        matches!(
            self,
            Permission::ProfileEditOwn | Permission::InvitationAccept
        )
    }
}

serde_by_slug!(Permission, "permission");

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_slug_is_unique_and_round_trips() {
        for p in Permission::ALL {
            assert_eq!(Permission::from_slug(p.slug()), Some(*p));
            assert!(!p.label().is_empty() && !p.description().is_empty());
        }
        let mut slugs: Vec<_> = Permission::ALL.iter().map(|p| p.slug()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), Permission::ALL.len());
    }

    #[test]
    fn permissions_and_roles_travel_as_their_slugs() {
        let json =
            serde_json::to_string(&(Permission::OrdersApprove, crate::Role::PowerUser)).unwrap();
        assert_eq!(json, r#"["orders.approve","power_user"]"#);
        let back: (Permission, crate::Role) = serde_json::from_str(&json).unwrap();
        assert_eq!(back, (Permission::OrdersApprove, crate::Role::PowerUser));
        let err = serde_json::from_str::<Permission>(r#""orders.steal""#).unwrap_err();
        assert!(
            err.to_string()
                .contains("unknown permission `orders.steal`"),
            "{err}"
        );
    }

    #[test]
    fn the_catalogue_fits_the_bit_set() {
        assert!(
            Permission::ALL.len() <= 256,
            "{} permissions",
            Permission::ALL.len()
        );
    }

    #[test]
    fn a_permission_set_holds_what_was_put_in() {
        let s: PermissionSet = [Permission::OrdersApprove, Permission::PortalAccess]
            .into_iter()
            .collect();
        assert!(s.contains(Permission::OrdersApprove));
        assert!(!s.contains(Permission::OrdersCreate));
        assert_eq!(s.len(), 2);
    }
}
