//! Server functions: public HTTP endpoints under `/api`. Each authorizes on
//! the server before it touches data; the UI hiding a button protects nothing.

mod accept_invitation;
mod assign_places;
mod assign_role;
mod change_member_state;
pub mod checks;
mod create_department;
mod current_user;
mod department_companies;
mod import_companies;
mod import_members;
#[cfg(feature = "ssr")]
mod invitations;
mod invite_member;
mod invite_places;
mod list_audit;
mod list_invitations;
mod list_mail;
mod list_members;
mod list_passkeys;
mod manage_invitation;
mod member_roles;
mod my_impersonations;
mod my_sessions;
mod passkey_register_finish;
mod passkey_register_start;
mod passkey_sign_in_finish;
mod passkey_sign_in_start;
mod preview_invitation;
mod remove_passkey;
mod remove_role;
mod request_password_reset;
mod resend_credentials;
mod reset_password;
mod sign_in;
mod sign_out;
mod sign_out_everywhere;
mod start_impersonation;
mod stop_impersonation;

pub use accept_invitation::{AcceptInvitation, accept_invitation};
pub use assign_places::{AssignPlaces, assign_places};
pub use assign_role::{AssignRole, assign_role};
pub use change_member_state::{ChangeMemberState, change_member_state};
pub use create_department::{CreateDepartment, create_department};
pub use current_user::{CurrentUserFn, current_user};
pub use department_companies::{DepartmentCompanies, department_companies};
pub use import_companies::{ImportCompanies, import_companies};
pub use import_members::{ImportMembers, import_members};
pub use invite_member::{InviteMember, invite_member};
pub use invite_places::{InvitePlaces, invite_places};
pub use list_audit::{ListAudit, list_audit};
pub use list_invitations::{ListInvitations, list_invitations};
pub use list_mail::{ListMail, list_mail};
pub use list_members::{ListMembers, MAX_SEARCH_LEN, list_members};
pub use list_passkeys::{ListPasskeys, list_passkeys};
pub use manage_invitation::{ManageInvitation, manage_invitation};
pub use member_roles::{MemberRoles, member_roles};
pub use my_impersonations::{MyImpersonations, my_impersonations};
pub use my_sessions::{MySessions, my_sessions};
pub use passkey_register_finish::{
    MAX_PASSKEY_NAME_LEN, PasskeyRegisterFinish, passkey_register_finish,
};
pub use passkey_register_start::{PasskeyRegisterStart, passkey_register_start};
pub use passkey_sign_in_finish::{PasskeySignInFinish, passkey_sign_in_finish};
pub use passkey_sign_in_start::{PasskeySignInStart, passkey_sign_in_start};
pub use preview_invitation::{PreviewInvitation, preview_invitation};
pub use remove_passkey::{RemovePasskey, remove_passkey};
pub use remove_role::{RemoveRole, remove_role};
pub use request_password_reset::{RequestPasswordReset, request_password_reset};
pub use resend_credentials::{ResendCredentials, resend_credentials};
pub use reset_password::{ResetPassword, reset_password};
pub use sign_in::{MAX_EMAIL_LEN, MAX_PASSWORD_LEN, SignIn, sign_in, validate_credentials};
pub use sign_out::{SignOut, sign_out};
pub use sign_out_everywhere::{SignOutEverywhere, sign_out_everywhere};
pub use start_impersonation::{StartImpersonation, start_impersonation};
pub use stop_impersonation::{StopImpersonation, stop_impersonation};
