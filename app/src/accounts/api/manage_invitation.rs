use leptos::prelude::*;

use crate::error::AppError;

/// Resend (a new link; the old one dies) or cancel a pending invitation.
/// Allowed to whoever could send that invitation now.
#[server(name = ManageInvitation, prefix = "/api", endpoint = "manage_invitation")]
pub async fn manage_invitation(id: i64, cancel: bool) -> Result<String, AppError> {
    use imprimatur_core::{Principal, may_invite};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    if super::invitations::manageable(&me) == imprimatur_core::Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you manage invitations.".into(),
        ));
    }
    let accounts = ssr::accounts()?;
    let Some((role, scope)) = accounts.pending_invitation(id).await? else {
        return Err(AppError::NotFound(
            "There is no such pending invitation.".into(),
        ));
    };
    let company = scope.company().map(|c| c.0).unwrap_or_default();
    let department = match scope {
        imprimatur_core::Scope::Department(_, d) => Some(d.0),
        _ => None,
    };
    // This invitation itself does not count as the company's tenant admin:
    // a tenant manager may resend the first admin's invitation.
    let target = accounts
        .assign_target(company, department, Some(id))
        .await?;
    let role = crate::checks::given_role(&accounts, role, scope).await?;
    crate::checks::allowed(may_invite(
        &me,
        role.role,
        role.custom.as_ref(),
        scope,
        &target,
    ))?;
    let client = ssr::client();
    if cancel {
        accounts.cancel_invitation(&who, &client, id).await?;
        Ok("Invitation cancelled.".into())
    } else {
        accounts.resend_invitation(&who, &client, id).await?;
        Ok("Invitation sent again.".into())
    }
}
