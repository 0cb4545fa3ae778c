use leptos::prelude::*;

use crate::error::AppError;

/// The longest e-mail address SMTP allows.
pub const MAX_EMAIL_LEN: usize = 254;
/// Long enough for any passphrase, short enough that hashing stays cheap.
pub const MAX_PASSWORD_LEN: usize = 1024;

/// Check the form before anything else happens; the messages are shown as is.
pub fn validate_credentials(email: &str, password: &str) -> Result<(), AppError> {
    let email = email.trim();
    if email.is_empty() || password.is_empty() {
        return Err(AppError::Invalid(
            "Enter your e-mail address and your password.".into(),
        ));
    }
    if email.len() > MAX_EMAIL_LEN || !email.contains('@') {
        return Err(AppError::Invalid(
            "That does not look like an e-mail address.".into(),
        ));
    }
    if password.len() > MAX_PASSWORD_LEN {
        return Err(AppError::Invalid(format!(
            "Passwords are at most {MAX_PASSWORD_LEN} characters."
        )));
    }
    Ok(())
}

/// Where to go after signing in: a path on this site (from `?next=`), or
/// `None` for anything else, so the parameter cannot send people away.
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 200
        && !next.contains(['\\', '\r', '\n'])
        && !next.starts_with("/api/");
    ok.then_some(next)
}

/// Sign in with e-mail and password. Open to everyone; the credentials are
/// the proof, and `core` then decides whether the account may use the portal.
/// `next`: the page to return to (a public shop's checkout, say), when the
/// sign-in needs no second step.
#[server(name = SignIn, prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr;
    validate_credentials(&email, &password)?;
    let backend = ssr::backend()?;
    let previous = ssr::session_cookie(&ssr::session_cookie_name());
    let signed_in = backend
        .sign_in(email.trim(), &password, &ssr::client(), previous.as_deref())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    let back = next.as_deref().and_then(local_path);
    match back {
        Some(path) if signed_in.landing == "/" => leptos_axum::redirect(path),
        _ => leptos_axum::redirect(&signed_in.landing),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_site_is_a_place_to_return_to() {
        assert_eq!(local_path("/store/shoply"), Some("/store/shoply"));
        for away in [
            "https://evil.test/",
            "//evil.test/",
            "/\\evil.test",
            "store",
            "/api/sign_out",
            "",
        ] {
            assert_eq!(local_path(away), None, "{away}");
        }
    }

    #[test]
    fn an_empty_form_is_refused_with_a_plain_message() {
        assert_eq!(
            validate_credentials(" ", ""),
            Err(AppError::Invalid(
                "Enter your e-mail address and your password.".into()
            ))
        );
    }

    #[test]
    fn an_address_without_an_at_sign_is_refused() {
        assert!(matches!(
            validate_credentials("admin", "x"),
            Err(AppError::Invalid(_))
        ));
    }

    #[test]
    fn an_overlong_password_is_refused_before_hashing() {
        let long = "x".repeat(MAX_PASSWORD_LEN + 1);
        assert!(matches!(
            validate_credentials("a@b.c", &long),
            Err(AppError::Invalid(_))
        ));
        assert!(validate_credentials("a@b.c", "correct horse").is_ok());
    }
}
