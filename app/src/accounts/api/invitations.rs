//! Shared by the invitation server functions (server side only).

use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};

/// Pending invitations a person may manage: those they may invite to,
/// as a member inviter or as a tenant manager setting up a first admin.
pub fn manageable(me: &Principal) -> Filter {
    let users = visibility(me, Permission::UsersInvite, ResourceKind::Membership);
    let admins = visibility(me, Permission::TenantAdminsInvite, ResourceKind::Membership);
    match (users, admins) {
        (Filter::All, _) | (_, Filter::All) => Filter::All,
        (Filter::None, f) | (f, Filter::None) => f,
        (Filter::AnyOf(mut a), Filter::AnyOf(b)) => {
            a.extend(b);
            Filter::AnyOf(a)
        }
    }
}
