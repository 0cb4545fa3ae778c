use leptos::prelude::*;

use crate::error::AppError;

/// Invite someone by e-mail with a role at a company or department. `grant`
/// is one of the options from `invite_places`: "place:role". The role waits
/// on the invitation until the person accepts it. The answer is the same
/// whether or not the address already has an account.
#[server(name = InviteMember, prefix = "/api", endpoint = "invite_member")]
pub async fn invite_member(email: String, name: String, grant: String) -> Result<String, AppError> {
    use imprimatur_core::{CompanyId, DepartmentId, Principal, Role, Scope, may_invite};

    use super::checks;
    use crate::model::InvitePlace;
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
    let (place, role) = grant
        .split_once(':')
        .ok_or_else(|| AppError::Invalid("Choose a role and where it applies.".into()))?;
    let (company, department) = InvitePlace::parse_key(place)
        .ok_or_else(|| AppError::Invalid("Choose a role and where it applies.".into()))?;
    let role = Role::from_slug(role)
        .ok_or_else(|| AppError::Invalid("Choose one of the roles offered.".into()))?;
    let backend = ssr::backend()?;
    let target = backend.assign_target(company, department, None).await?;
    let scope = match department {
        Some(d) => Scope::Department(CompanyId(company), DepartmentId(d)),
        None => Scope::Company(CompanyId(company)),
    };
    checks::allowed(may_invite(&me, role.into(), None, scope, &target))?;
    backend
        .invite(&who, &ssr::client(), email.trim(), name.trim(), role, scope)
        .await?;
    Ok(format!("Invitation sent to {}.", email.trim()))
}
