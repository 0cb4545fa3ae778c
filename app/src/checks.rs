//! Input checks and the refusal shared by the server functions. The
//! messages are shown to people as they are.

use imprimatur_core::{Decision, NumericNames};

use crate::auth::api::{MAX_EMAIL_LEN, MAX_PASSWORD_LEN};
use crate::error::AppError;
use crate::model::MIN_PASSWORD_LEN;

/// The longest display name accepted.
pub const MAX_NAME_LEN: usize = 200;

/// 403 with `core`'s reason unless the decision allows.
pub fn allowed(decision: Decision) -> Result<(), AppError> {
    if decision.is_allowed() {
        Ok(())
    } else {
        Err(AppError::Forbidden(decision.explain(&NumericNames)))
    }
}

/// `permission` on one row: 404 (`missing`) when none of `seeing` lets the
/// caller even see it, so nothing is revealed; 403 with core's reason when
/// they see it but may not do this.
pub fn on_row(
    me: &imprimatur_core::Principal,
    permission: imprimatur_core::Permission,
    row: &imprimatur_core::Resource,
    seeing: &[imprimatur_core::Permission],
    missing: AppError,
) -> Result<(), AppError> {
    use imprimatur_core::authorize;
    let decision = authorize(me, permission, row);
    if decision.is_allowed() {
        return Ok(());
    }
    if seeing.iter().any(|p| authorize(me, *p, row).is_allowed()) {
        allowed(decision)
    } else {
        Err(missing)
    }
}

pub fn email(email: &str) -> Result<(), AppError> {
    let email = email.trim();
    if email.is_empty() {
        return Err(AppError::Invalid("Enter an e-mail address.".into()));
    }
    let shape = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if email.len() > MAX_EMAIL_LEN || !shape || email.chars().any(char::is_whitespace) {
        return Err(AppError::Invalid(
            "That does not look like an e-mail address.".into(),
        ));
    }
    Ok(())
}

pub fn new_password(password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_LEN {
        return Err(AppError::Invalid(format!(
            "Choose a password of at least {MIN_PASSWORD_LEN} characters."
        )));
    }
    if password.len() > MAX_PASSWORD_LEN {
        return Err(AppError::Invalid(format!(
            "Passwords are at most {MAX_PASSWORD_LEN} characters."
        )));
    }
    Ok(())
}

pub fn display_name(name: &str) -> Result<(), AppError> {
    let n = name.trim().chars().count();
    if n == 0 {
        return Err(AppError::Invalid("Enter a name.".into()));
    }
    if n > MAX_NAME_LEN || name.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "Names are at most {MAX_NAME_LEN} characters, without control characters."
        )));
    }
    Ok(())
}

/// A link's token as it arrives in a form: 64 hex digits, or refused plainly.
pub fn token(token: &str) -> Result<(), AppError> {
    if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(dead_link())
    }
}

/// Before reading anything about the target: 403 unless some role of the
/// caller grants `permission` over some `kind` at all. The precise check,
/// which needs the target's facts, follows.
#[cfg(feature = "ssr")]
pub fn may_at_all(
    who: &crate::ssr::RequestIdentity,
    permission: imprimatur_core::Permission,
    kind: imprimatur_core::ResourceKind,
) -> Result<(), AppError> {
    use imprimatur_core::{Filter, Principal, visibility};
    let me = Principal::User(who.user.principal.clone());
    if visibility(&me, permission, kind) == Filter::None {
        return Err(AppError::Forbidden(format!(
            "None of your roles allows \u{201c}{}\u{201d}.",
            permission.label()
        )));
    }
    Ok(())
}

/// The companies the caller holds roles in, or `None` when a platform
/// role reaches every company: the bound for lists of places to act in.
#[cfg(feature = "ssr")]
pub fn companies_reached(who: &crate::ssr::RequestIdentity) -> Option<Vec<i64>> {
    let assignments = &who.user.principal.assignments;
    if assignments.iter().any(|a| a.scope.company().is_none()) {
        return None;
    }
    Some(
        assignments
            .iter()
            .filter_map(|a| a.scope.company().map(|c| c.0))
            .collect(),
    )
}

/// Ask `core` whether the signed-in person may use `permission` on a
/// member's whole account (every company it belongs to); 404 for no such
/// member, 403 with the reason otherwise.
#[cfg(feature = "ssr")]
pub async fn on_member(
    who: &crate::ssr::RequestIdentity,
    accounts: &crate::ssr::SharedAccounts,
    permission: imprimatur_core::Permission,
    user_id: i64,
) -> Result<(), AppError> {
    use imprimatur_core::{Principal, may_act_on_member};
    may_at_all(who, permission, permission.resource_kind())?;
    let member = accounts.member_view(user_id).await?;
    if member.seen_through.is_empty() {
        return Err(AppError::NotFound("There is no such member.".into()));
    }
    let me = Principal::User(who.user.principal.clone());
    allowed(may_act_on_member(&me, permission, &member))
}

/// Ask `core` whether the signed-in person may use `permission` on their own account.
#[cfg(feature = "ssr")]
pub fn on_own_account(
    who: &crate::ssr::RequestIdentity,
    permission: imprimatur_core::Permission,
) -> Result<(), AppError> {
    use imprimatur_core::{Principal, Resource, ResourceKind, UserId, authorize};
    let me = Principal::User(who.user.principal.clone());
    let account = Resource::new(ResourceKind::Account).with_owner(UserId(who.user.id));
    allowed(authorize(&me, permission, &account))
}

/// The refusal of a credential change without a recent sign-in; the
/// account page recognises it and offers to confirm the password.
pub const REAUTHENTICATE: &str =
    "Confirm your password first: changing how you sign in needs a fresh sign-in.";

/// 403 unless the caller signed in or confirmed their password a few
/// minutes ago, so a stolen session cookie cannot become a lasting
/// credential. Pure: call it before anything is read or written.
#[cfg(feature = "ssr")]
pub fn recently_authenticated(who: &crate::ssr::RequestIdentity) -> Result<(), AppError> {
    if who.recently_authenticated {
        Ok(())
    } else {
        Err(AppError::Forbidden(REAUTHENTICATE.into()))
    }
}

/// A company's URL slug: 2 to 63 lower-case letters, digits and hyphens,
/// not starting or ending with a hyphen (it becomes part of a URL).
pub fn slug(slug: &str) -> Result<(), AppError> {
    let ok = (2..=63).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !ok {
        return Err(AppError::Invalid(
            "The URL name takes 2 to 63 lower-case letters, digits and hyphens, and no hyphen at either end."
                .into(),
        ));
    }
    Ok(())
}

/// The customer role family a company of `kind` takes: `storefront` or
/// `corporate` for a customer, none for the other kinds.
pub fn customer_family(
    kind: imprimatur_core::CompanyKind,
    family: Option<&str>,
) -> Result<Option<String>, AppError> {
    use imprimatur_core::CompanyKind;
    match (kind, family.filter(|f| !f.is_empty())) {
        (CompanyKind::Customer, Some(f @ ("storefront" | "corporate"))) => Ok(Some(f.to_string())),
        (CompanyKind::Customer, _) => Err(AppError::Invalid(
            "A customer company uses the storefront or the corporate roles: choose one.".into(),
        )),
        (_, None) => Ok(None),
        (_, Some(_)) => Err(AppError::Invalid(
            "Only customer companies have a customer role family.".into(),
        )),
    }
}

/// Ask `core` whether the person may use `permission` on the tenant
/// settings of `company_id`.
#[cfg(feature = "ssr")]
pub fn on_tenant_settings(
    who: &crate::ssr::RequestIdentity,
    permission: imprimatur_core::Permission,
    company_id: i64,
) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, Principal, Resource, ResourceKind, authorize};
    let me = Principal::User(who.user.principal.clone());
    let settings = Resource::in_company(ResourceKind::TenantSettings, CompanyId(company_id));
    allowed(authorize(&me, permission, &settings))
}

/// A company's name: 1 to 200 characters.
pub fn company_name(name: &str) -> Result<(), AppError> {
    let n = name.trim().chars().count();
    if n == 0 || n > 200 {
        return Err(AppError::Invalid(
            "Give the company a name of at most 200 characters.".into(),
        ));
    }
    Ok(())
}

/// E-mail domains, one a line (blank lines ignored): each a dotted host
/// name. Lower-cased and without duplicates.
pub fn domains(text: &str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let d = line.trim_start_matches('@').to_ascii_lowercase();
        let labels_ok = d.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
        if !d.contains('.') || d.len() > 253 || !labels_ok {
            return Err(AppError::Invalid(format!(
                "\u{201c}{line}\u{201d} is not an e-mail domain (like example.com)."
            )));
        }
        if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.len() > 50 {
        return Err(AppError::Invalid("At most 50 domains.".into()));
    }
    Ok(out)
}

/// 404 unless the caller may see member `user_id` somewhere (the same
/// answer as for no such member: no hint that the account exists); the
/// member as `core` sees them.
#[cfg(feature = "ssr")]
pub async fn visible_member(
    who: &crate::ssr::RequestIdentity,
    accounts: &crate::ssr::SharedAccounts,
    user_id: i64,
) -> Result<Vec<imprimatur_core::Resource>, AppError> {
    use imprimatur_core::{Permission, Principal, ResourceKind, authorize};
    may_at_all(who, Permission::UsersView, ResourceKind::User)?;
    let seen = accounts.member_resources(user_id).await?;
    let me = Principal::User(who.user.principal.clone());
    if !seen
        .iter()
        .any(|r| authorize(&me, Permission::UsersView, r).is_allowed())
    {
        return Err(AppError::NotFound("There is no such member.".into()));
    }
    Ok(seen)
}

/// Member `user_id` as `core` sees them in one department.
pub fn member_in(user_id: i64, d: &crate::model::MemberDepartment) -> imprimatur_core::Resource {
    use imprimatur_core::{CompanyId, DepartmentId, Resource, ResourceKind, UserId};
    Resource::in_company(ResourceKind::User, CompanyId(d.company_id))
        .with_department(DepartmentId(d.department_id))
        .with_owner(UserId(user_id))
        .with_id(user_id)
}

/// A sign-in waiting for its second factor to be set up, or an error.
#[cfg(feature = "ssr")]
pub fn enrolling() -> Result<crate::ssr::PendingSignIn, AppError> {
    let pending = crate::ssr::require_pending()?;
    if pending.step != crate::model::SecondFactorStep::Enrol {
        return Err(AppError::Conflict(
            "This account already has a second factor; use it to finish signing in.".into(),
        ));
    }
    Ok(pending)
}

/// 403 unless some role lets the person set a company's or the platform's
/// second-factor rule.
#[cfg(feature = "ssr")]
pub fn may_set_second_factor_rules(who: &crate::ssr::RequestIdentity) -> Result<(), AppError> {
    use imprimatur_core::{Permission, ResourceKind};
    may_at_all(who, Permission::Security2faSso, ResourceKind::Company)
        .or_else(|_| may_at_all(who, Permission::SystemSettings, ResourceKind::Platform))
}

/// The same words for a link that never existed, was used, or expired.
pub fn dead_link() -> AppError {
    AppError::NotFound("This link has expired or was already used. Ask for a new one.".into())
}

/// Ask `core` whether the signed-in person may build roles in `company_id`.
#[cfg(feature = "ssr")]
pub fn on_custom_roles(who: &crate::ssr::RequestIdentity, company_id: i64) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, Permission, Principal, Resource, ResourceKind, authorize};
    let me = Principal::User(who.user.principal.clone());
    let roles = Resource::in_company(ResourceKind::CustomRole, CompanyId(company_id));
    allowed(authorize(&me, Permission::CustomRolesManage, &roles))
}

/// A custom role as sent, checked: a name of 1 to 80 characters, a family
/// the company builds roles in, known permissions, and everything `core`
/// says about the creator granting them.
#[cfg(feature = "ssr")]
pub async fn custom_role(
    who: &crate::ssr::RequestIdentity,
    accounts: &crate::ssr::SharedAccounts,
    company_id: i64,
    form: &crate::model::CustomRoleForm,
) -> Result<imprimatur_core::CustomRole, AppError> {
    use imprimatur_core::{CompanyId, CustomRole, CustomRoleId, Family, Principal};

    use crate::model::parse_grant_key;
    let name = form.name.trim();
    let n = name.chars().count();
    if n == 0 || n > 80 {
        return Err(AppError::Invalid(
            "Give the role a name of at most 80 characters.".into(),
        ));
    }
    let company = accounts
        .company_settings(company_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such company.".into()))?;
    let kind = imprimatur_core::CompanyKind::from_slug(&company.kind).ok_or(AppError::Internal)?;
    let families = imprimatur_core::custom_role_families(
        kind,
        company.family.as_deref().and_then(Family::from_slug),
    );
    let family = Family::from_slug(&form.family)
        .filter(|f| families.contains(f))
        .ok_or_else(|| AppError::Invalid("Choose one of the company's role families.".into()))?;
    let mut grants = Vec::with_capacity(form.grants.len());
    for key in &form.grants {
        grants.push(parse_grant_key(key).ok_or_else(|| {
            AppError::Invalid(format!("There is no permission \u{201c}{key}\u{201d}."))
        })?);
    }
    let me = Principal::User(who.user.principal.clone());
    let problems =
        imprimatur_core::validate_custom_role(&me, CompanyId(company_id), family, &grants);
    if let Some(first) = problems.first() {
        let message = problems
            .iter()
            .map(|p| p.explain())
            .collect::<Vec<_>>()
            .join(" ");
        return Err(match first {
            imprimatur_core::CustomRoleProblem::NotHeld(..)
            | imprimatur_core::CustomRoleProblem::NotAllowed => AppError::Forbidden(message),
            _ => AppError::Invalid(message),
        });
    }
    Ok(CustomRole {
        id: CustomRoleId(form.id.unwrap_or(0)),
        company: CompanyId(company_id),
        name: name.to_string(),
        family,
        grants,
    })
}

/// Ask `core` whether the signed-in person may manage member groups in
/// `company_id`.
#[cfg(feature = "ssr")]
pub fn on_groups(who: &crate::ssr::RequestIdentity, company_id: i64) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, Permission, Principal, Resource, ResourceKind, authorize};
    let me = Principal::User(who.user.principal.clone());
    let groups = Resource::in_company(ResourceKind::Group, CompanyId(company_id));
    allowed(authorize(&me, Permission::GroupsManage, &groups))
}

/// A group's name: 1 to 80 characters.
pub fn group_name(name: &str) -> Result<(), AppError> {
    let n = name.trim().chars().count();
    if n == 0 || n > 80 {
        return Err(AppError::Invalid(
            "Give the group a name of at most 80 characters.".into(),
        ));
    }
    Ok(())
}

/// A "place:role" choice from the role forms: the role (a built-in slug or
/// `custom:<id>` of the place's company) and the scope it is given at.
/// Nothing is read: callers authorize for the place's company first.
#[cfg(feature = "ssr")]
pub fn parse_grant(
    grant: &str,
) -> Result<(imprimatur_core::RoleRef, imprimatur_core::Scope), AppError> {
    use imprimatur_core::RoleRef;

    use crate::model::InvitePlace;
    let invalid = || AppError::Invalid("Choose a role and where it applies.".into());
    let (place, role) = grant.split_once(':').ok_or_else(invalid)?;
    let scope = InvitePlace::parse_scope(place).ok_or_else(invalid)?;
    scope.company().ok_or_else(invalid)?;
    Ok((RoleRef::from_slug(role).ok_or_else(invalid)?, scope))
}

/// The role of a parsed grant, ready for `core`: a custom role's
/// definition is read from the scope's company (404 if it is not there).
#[cfg(feature = "ssr")]
pub async fn given_role(
    accounts: &crate::ssr::SharedAccounts,
    role: imprimatur_core::RoleRef,
    scope: imprimatur_core::Scope,
) -> Result<crate::model::GivenRole, AppError> {
    use imprimatur_core::RoleRef;

    use crate::model::GivenRole;
    match (role, scope.company()) {
        (RoleRef::Builtin(r), _) => Ok(GivenRole::builtin(r)),
        (RoleRef::Custom(id), Some(c)) => accounts.custom_role(c.0, id.0).await,
        (RoleRef::Custom(_), None) => Err(AppError::Invalid(
            "Choose a role and where it applies.".into(),
        )),
    }
}

/// What `core` needs to know about the company (and department) of `scope`.
#[cfg(feature = "ssr")]
pub async fn target_of(
    accounts: &crate::ssr::SharedAccounts,
    scope: imprimatur_core::Scope,
) -> Result<imprimatur_core::AssignTarget, AppError> {
    use imprimatur_core::{AssignTarget, Scope};
    let department = match scope {
        Scope::Department(_, d) => Some(d.0),
        _ => None,
    };
    match scope.company() {
        Some(c) => accounts.assign_target(c.0, department, None).await,
        None => Ok(AssignTarget {
            company_kind: None,
            customer_family: None,
            has_tenant_admin: false,
        }),
    }
}

/// Ask `core` whether the signed-in person may create and delete projects
/// in `company_id`.
#[cfg(feature = "ssr")]
pub fn on_projects(who: &crate::ssr::RequestIdentity, company_id: i64) -> Result<(), AppError> {
    use imprimatur_core::{CompanyId, Permission, Principal, Resource, ResourceKind, authorize};
    let me = Principal::User(who.user.principal.clone());
    let projects = Resource::in_company(ResourceKind::Project, CompanyId(company_id));
    allowed(authorize(&me, Permission::ProjectsCreateDelete, &projects))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_name_is_lower_case_letters_digits_and_inner_hyphens() {
        assert!(slug("acme-2").is_ok());
        assert!(slug("Acme").is_err());
        assert!(slug("-acme").is_err());
        assert!(slug("a").is_err());
        assert!(slug("acme/x").is_err());
    }

    #[test]
    fn approver_domains_are_read_one_a_line() {
        assert_eq!(
            domains("Example.com\n\n@partner.co.uk\nexample.com").unwrap(),
            vec!["example.com".to_string(), "partner.co.uk".to_string()]
        );
        assert!(domains("not a domain").is_err());
        assert!(domains("localhost").is_err());
    }

    #[test]
    fn an_address_needs_a_local_part_and_a_dotted_domain() {
        assert!(email("a@b.c").is_ok());
        assert!(email("a@b").is_err());
        assert!(email("@b.c").is_err());
        assert!(email("a b@c.d").is_err());
    }

    #[test]
    fn a_short_password_is_refused() {
        assert!(new_password("short").is_err());
        assert!(new_password("long enough passphrase").is_ok());
    }

    #[test]
    fn a_token_must_be_64_hex_digits() {
        assert!(token(&"a".repeat(64)).is_ok());
        assert!(token("abc").is_err());
        assert!(token(&"g".repeat(64)).is_err());
    }
}
