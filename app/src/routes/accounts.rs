//! Administration: companies, departments, members, roles, groups, projects,
//! the second-factor rules, the audit trail and the outgoing mail.

use crate::accounts::pages::{
    access::AccessPage, audit::AuditPage, companies::CompaniesPage, company::CompanyPage,
    custom_roles::CustomRolesPage, groups::GroupsPage, import::ImportPage, mailbox::MailboxPage,
    member::MemberPage, members::MembersPage, projects::ProjectsPage, roles::RolesPage,
    security::SecurityPage,
};

super::module_chunk!(accounts_chunk, __preload_accounts_chunk, AccountsPages {
    AccessRoute => AccessPage,
    AuditRoute => AuditPage,
    CompaniesRoute => CompaniesPage,
    CompanyRoute => CompanyPage,
    CustomRolesRoute => CustomRolesPage,
    GroupsRoute => GroupsPage,
    ImportRoute => ImportPage,
    MailboxRoute => MailboxPage,
    MemberRoute => MemberPage,
    MembersRoute => MembersPage,
    ProjectsRoute => ProjectsPage,
    RolesRoute => RolesPage,
    SecurityRoute => SecurityPage,
});
