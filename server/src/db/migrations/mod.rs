//! Dated migrations, applied at start-up. An applied migration is never edited:
//! changes come as new files.

use sea_orm_migration::prelude::*;

mod m20261122_000001_create_identity;
mod m20261122_000002_create_organizations;
mod m20261122_000003_create_account_lifecycle;
mod m20261122_000004_add_impersonation;
mod m20261122_000005_create_passkeys;
mod m20261122_000006_add_mail_delivery_error;
mod m20261122_000007_create_second_factor;
mod m20261122_000008_add_company_setup;
mod m20261122_000009_create_custom_roles;
mod m20261122_000010_create_member_groups;
mod m20261122_000011_create_projects;
mod m20261122_000012_create_orders;
mod m20261122_000013_add_order_hold;
mod m20261122_000014_create_quotes;
mod m20261122_000015_create_addresses;
mod m20261123_000016_add_stock;
mod m20261123_000017_create_department_publication_types;
mod m20261123_000018_add_job_fields;
mod m20261123_000019_index_audit_by_client;
mod m20261123_000020_add_low_stock;
mod m20261123_000021_create_work_orders;
mod m20261123_000022_add_invitation_project;
mod m20261124_000023_create_attempt_counters;
mod m20261201_000026_create_partnership_requests;
mod m20261203_000031_seal_mail_links;
mod m20261204_000032_add_session_reauthentication;
mod m20261205_000035_version_principals;
mod m20261206_000036_create_chapters;
mod m20261206_000037_add_chapter_locks;
mod m20261207_000038_create_chapter_versions;
mod m20261207_000039_create_chapter_comments;
mod m20261207_000040_add_audit_chapter;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_identity::Migration),
            Box::new(m20261122_000002_create_organizations::Migration),
            Box::new(m20261122_000003_create_account_lifecycle::Migration),
            Box::new(m20261122_000004_add_impersonation::Migration),
            Box::new(m20261122_000005_create_passkeys::Migration),
            Box::new(m20261122_000006_add_mail_delivery_error::Migration),
            Box::new(m20261122_000007_create_second_factor::Migration),
            Box::new(m20261122_000008_add_company_setup::Migration),
            Box::new(m20261122_000009_create_custom_roles::Migration),
            Box::new(m20261122_000010_create_member_groups::Migration),
            Box::new(m20261122_000011_create_projects::Migration),
            Box::new(m20261122_000012_create_orders::Migration),
            Box::new(m20261122_000013_add_order_hold::Migration),
            Box::new(m20261122_000014_create_quotes::Migration),
            Box::new(m20261122_000015_create_addresses::Migration),
            Box::new(m20261123_000016_add_stock::Migration),
            Box::new(m20261123_000017_create_department_publication_types::Migration),
            Box::new(m20261123_000018_add_job_fields::Migration),
            Box::new(m20261123_000019_index_audit_by_client::Migration),
            Box::new(m20261123_000020_add_low_stock::Migration),
            Box::new(m20261123_000021_create_work_orders::Migration),
            Box::new(m20261123_000022_add_invitation_project::Migration),
            Box::new(m20261124_000023_create_attempt_counters::Migration),
            Box::new(m20261201_000026_create_partnership_requests::Migration),
            Box::new(m20261203_000031_seal_mail_links::Migration),
            Box::new(m20261204_000032_add_session_reauthentication::Migration),
            Box::new(m20261205_000035_version_principals::Migration),
            Box::new(m20261206_000036_create_chapters::Migration),
            Box::new(m20261206_000037_add_chapter_locks::Migration),
            Box::new(m20261207_000038_create_chapter_versions::Migration),
            Box::new(m20261207_000039_create_chapter_comments::Migration),
            Box::new(m20261207_000040_add_audit_chapter::Migration),
        ]
    }
}
