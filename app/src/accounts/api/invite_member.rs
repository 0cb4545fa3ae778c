use leptos::prelude::*;

use crate::error::AppError;

/// Invite someone by e-mail with a role at a company, department or
/// project. `grant` is one of the options from `invite_places`:
/// "place:role", the role built in or the company's own (`custom:<id>`).
/// The role waits on the invitation until the person accepts it. The
/// answer is the same whether or not the address already has an account.
#[server(name = InviteMember, prefix = "/api", endpoint = "invite_member")]
pub async fn invite_member(email: String, name: String, grant: String) -> Result<String, AppError> {
    use imprimatur_core::{
        Permission, Principal, Resource, ResourceKind, RoleRef, authorize, may_invite,
    };

    use crate::checks;
    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    if super::invitations::manageable(&me) == imprimatur_core::Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you invite people.".into(),
        ));
    }
    checks::email(&email)?;
    checks::display_name(&name)?;
    let (role, scope) = checks::parse_grant(&grant)?;
    // A company's own role is read only for someone who invites there.
    if let (RoleRef::Custom(_), Some(company)) = (role, scope.company()) {
        let members = Resource::in_company(ResourceKind::Membership, company);
        checks::allowed(authorize(&me, Permission::UsersInvite, &members))?;
    }
    let accounts = ssr::accounts()?;
    let role = checks::given_role(&accounts, role, scope).await?;
    // The person signs in with what the invitation gives them: a company's
    // own role must open the portal or the printer app.
    if let Some(def) = &role.custom {
        let opens = def.grants.iter().any(|(p, _)| {
            matches!(
                p,
                Permission::PortalAccess | Permission::PrinterAppCalibrateQa
            )
        });
        if !opens {
            return Err(AppError::Invalid(format!(
                "\u{201c}{}\u{201d} does not let anyone sign in: add \u{201c}{}\u{201d} to it, or invite with a built-in role.",
                def.name,
                Permission::PortalAccess.label()
            )));
        }
    }
    let target = checks::target_of(&accounts, scope).await?;
    checks::allowed(may_invite(
        &me,
        role.role,
        role.custom.as_ref(),
        scope,
        &target,
    ))?;
    accounts
        .invite(
            &who,
            &ssr::client(),
            email.trim(),
            name.trim(),
            role.role,
            scope,
        )
        .await?;
    Ok(format!("Invitation sent to {}.", email.trim()))
}
