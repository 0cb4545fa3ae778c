use leptos::prelude::*;

use crate::error::AppError;

/// Put a member of the company into a group by e-mail address (`member`
/// true) or take them out.
#[server(name = GroupMember, prefix = "/api", endpoint = "group_member")]
pub async fn group_member(
    company_id: i64,
    group_id: i64,
    email: String,
    member: bool,
) -> Result<(), AppError> {
    use crate::ssr;
    let who = ssr::require_identity()?;
    crate::checks::on_groups(&who, company_id)?;
    crate::checks::email(&email)?;
    ssr::accounts()?
        .set_group_member(
            &who,
            &ssr::client(),
            company_id,
            group_id,
            email.trim(),
            member,
        )
        .await
}
