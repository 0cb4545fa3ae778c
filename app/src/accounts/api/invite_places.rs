use leptos::prelude::*;

use crate::error::AppError;
use crate::model::InvitePlace;

/// Where the caller may invite people, and with which roles (from `core`).
#[server(name = InvitePlaces, prefix = "/api", endpoint = "invite_places")]
pub async fn invite_places() -> Result<Vec<InvitePlace>, AppError> {
    use imprimatur_core::{Filter, Principal};

    use crate::ssr;
    let who = ssr::require_identity()?;
    let me = Principal::User(who.user.principal.clone());
    if super::invitations::manageable(&me) == Filter::None {
        return Err(AppError::Forbidden(
            "None of your roles lets you invite people.".into(),
        ));
    }
    ssr::accounts()?.invite_places(&who).await
}
