use leptos::prelude::*;

use crate::error::AppError;
use crate::model::InvitationPreview;

/// What an invitation link offers. Reading it changes nothing, so a mail
/// scanner that opens the link uses nothing up. The token is the proof.
#[server(name = PreviewInvitation, prefix = "/api", endpoint = "preview_invitation")]
pub async fn preview_invitation(token: String) -> Result<InvitationPreview, AppError> {
    crate::checks::token(&token)?;
    crate::ssr::accounts()?.preview_invitation(&token).await
}
