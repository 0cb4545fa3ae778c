use leptos::prelude::*;

use crate::error::AppError;
use crate::model::InvitationRow;

/// Pending invitations the caller may manage, filtered in SQL.
#[server(name = ListInvitations, prefix = "/api", endpoint = "list_invitations")]
pub async fn list_invitations() -> Result<Vec<InvitationRow>, AppError> {
    use imprimatur_core::{Filter, Principal};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    let filter = super::invitations::manageable(&me);
    if filter == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you manage invitations.".into(),
        ));
    }
    ssr::accounts()?.list_invitations(&filter).await
}
