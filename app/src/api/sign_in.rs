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

/// `path` as a query value: everything but unreserved characters and `/`
/// percent-encoded, so a `?` or `&` in it stays part of it.
#[cfg(feature = "ssr")]
pub fn query_value(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where a finished sign-in goes: back to `next` (a path on this site)
/// when the sign-in lands on the start page, or on to its landing page,
/// which carries `next` along when it is the second step.
#[cfg(feature = "ssr")]
pub fn after_sign_in(landing: &str, next: Option<&str>) -> String {
    match next.and_then(local_path) {
        Some(path) if landing == "/" => path.to_string(),
        Some(path) if landing.starts_with("/sign-in/") => {
            format!("{landing}?next={}", query_value(path))
        }
        _ => landing.to_string(),
    }
}

/// Sign in with e-mail and password. Open to everyone; the credentials are
/// the proof, and `core` then decides whether the account may use the portal.
/// `next`: the page to return to (a public shop's checkout, say), after
/// the second step if the sign-in needs one.
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
    leptos_axum::redirect(&after_sign_in(&signed_in.landing, next.as_deref()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn the_place_to_return_to_travels_through_the_second_step() {
        assert_eq!(after_sign_in("/", Some("/store/shoply")), "/store/shoply");
        assert_eq!(
            after_sign_in("/sign-in/second-factor", Some("/store/shoply?x=1&y")),
            "/sign-in/second-factor?next=/store/shoply%3Fx%3D1%26y"
        );
        assert_eq!(
            after_sign_in("/sign-in/second-factor", None),
            "/sign-in/second-factor"
        );
        assert_eq!(after_sign_in("/", Some("https://evil.test/")), "/");
        assert_eq!(after_sign_in("/", Some("//evil.test/")), "/");
    }

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
