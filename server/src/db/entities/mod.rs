//! sea-orm entities, one file a table.

pub mod approval_decision;
pub mod approval_link;
pub mod audit_event;
pub mod company;
pub mod custom_role;
pub mod custom_role_grant;
pub mod department;
pub mod department_member;
pub mod group_member;
pub mod group_role;
pub mod invitation;
pub mod mail;
pub mod member_group;
pub mod one_time_token;
pub mod order;
pub mod order_approver;
pub mod passkey;
pub mod platform_settings;
pub mod product;
pub mod project;
pub mod recovery_code;
pub mod role_assignment;
pub mod session;
pub mod totp_authenticator;
pub mod user;
pub mod webauthn_ceremony;
