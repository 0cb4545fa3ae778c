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

/// The longest `next` kept; the portal's own paths are far shorter.
pub const MAX_NEXT_LEN: usize = 200;

/// Where to go after signing in: a path on this site (from `?next=`), or
/// `None` for anything else, so the parameter cannot send people away.
/// Browsers drop tabs and line breaks from addresses and read `\` as `/`,
/// so `/\t/evil.test` would leave the site: no control character, space
/// or backslash, written out or percent-encoded, no raw non-ASCII, no
/// second leading slash, no server function.
pub fn local_path(next: &str) -> Option<&str> {
    let rest = next.strip_prefix('/')?;
    let unsafe_char = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
    let ok = next.len() <= MAX_NEXT_LEN
        && next.is_ascii()
        && !next.chars().any(unsafe_char)
        && !rest.starts_with('/')
        && percent_decoded(next).is_some_and(|decoded| {
            !decoded.chars().any(unsafe_char)
                && !decoded.starts_with("//")
                && !first_segment_is_api(&decoded)
        });
    ok.then_some(next)
}

fn first_segment_is_api(path: &str) -> bool {
    let first = path
        .trim_start_matches('/')
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    first.eq_ignore_ascii_case("api")
}

/// `s` with its `%XX` escapes decoded, if they are all well formed and the
/// result is text.
fn percent_decoded(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `next` resolved against the portal's public address: the path (with
/// its query) if it stays on that origin and is still a [`local_path`]
/// once resolved (`/a/..//evil` resolves to `//evil`).
#[cfg(feature = "ssr")]
pub fn same_origin_path(base: &url::Url, next: &str) -> Option<String> {
    let resolved = base.join(local_path(next)?).ok()?;
    if resolved.origin() != base.origin() {
        return None;
    }
    let path = &resolved[url::Position::BeforePath..];
    local_path(path).map(str::to_string)
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
pub fn after_sign_in(base: &url::Url, landing: &str, next: Option<&str>) -> String {
    match next.and_then(|n| same_origin_path(base, n)) {
        Some(path) if landing == "/" => path,
        Some(path) if landing.starts_with("/sign-in/") => {
            format!("{landing}?next={}", query_value(&path))
        }
        _ => landing.to_string(),
    }
}

/// Redirect a finished sign-in step (see [`after_sign_in`]).
#[cfg(feature = "ssr")]
pub fn redirect_after_sign_in(landing: &str, next: Option<&str>) {
    let to = match crate::ssr::public_url() {
        Some(base) => after_sign_in(&base, landing, next),
        None => {
            tracing::error!("no public address in context; `next` is ignored");
            landing.to_string()
        }
    };
    crate::ssr::redirect(&to);
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
    let auth = ssr::auth()?;
    let previous = ssr::session_cookie(&ssr::session_cookie_name());
    let signed_in = auth
        .sign_in(email.trim(), &password, &ssr::client(), previous.as_deref())
        .await?;
    ssr::set_header(http::header::SET_COOKIE, &signed_in.set_cookie)?;
    redirect_after_sign_in(&signed_in.landing, next.as_deref());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    fn base() -> url::Url {
        url::Url::parse("https://portal.example/").unwrap()
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_place_to_return_to_travels_through_the_second_step() {
        let base = base();
        assert_eq!(
            after_sign_in(&base, "/", Some("/store/shoply")),
            "/store/shoply"
        );
        assert_eq!(
            after_sign_in(&base, "/sign-in/second-factor", Some("/store/shoply?x=1&y")),
            "/sign-in/second-factor?next=/store/shoply%3Fx%3D1%26y"
        );
        assert_eq!(
            after_sign_in(&base, "/sign-in/second-factor", None),
            "/sign-in/second-factor"
        );
        assert_eq!(after_sign_in(&base, "/", Some("https://evil.test/")), "/");
        assert_eq!(after_sign_in(&base, "/", Some("//evil.test/")), "/");
        assert_eq!(after_sign_in(&base, "/", Some("/\t/evil.test/")), "/");
        assert_eq!(after_sign_in(&base, "/", Some("/\u{b}x")), "/");
    }

    /// Inputs that leave the site, or could, once a browser, a proxy or a
    /// header parser has had its way with them.
    const EVIL: &[&str] = &[
        "",
        "store",
        "evil.test",
        "//evil.test",
        "//evil.test/",
        "///evil.test",
        "/\\evil.test",
        "\\evil.test",
        "/\\/evil.test",
        "\\\\evil.test",
        "/%09/evil.test/",
        "/%0a/evil.test",
        "/%0D%0ASet-Cookie:x=1",
        "/%00",
        "/%0Bx",
        "/%5Cevil.test",
        "/%5c%5cevil.test",
        "/%2F/evil.test",
        "/%2f%2fevil.test",
        "/%20/evil.test",
        "/%C2%A0/evil.test",
        "/%E2%80%A8/evil.test",
        "/%C2%85x",
        "/%7F",
        "/%",
        "/%zz",
        "/%C3",
        "/\t/evil.test",
        "/\n/evil.test",
        "/\r\nSet-Cookie: x=1",
        "/\u{b}x",
        "/\u{0}",
        "/\u{7f}",
        "/ /evil.test",
        "/\u{a0}/evil.test",
        "/\u{2028}/evil.test",
        "/\u{ff0f}\u{ff0f}evil.test",
        "/\u{2215}\u{2215}evil.test",
        "/caf\u{e9}",
        "https://evil.test",
        "https://evil.test/",
        "http:evil.test",
        "javascript:alert(1)",
        "data:text/html,x",
        " /store",
        "/api/sign_out",
        "/api",
        "/api?x=1",
        "/API/sign_out",
        "/%61pi/sign_out",
        "/api/../store",
    ];

    #[test]
    fn only_a_path_on_this_site_is_a_place_to_return_to() {
        assert_eq!(local_path("/store/shoply"), Some("/store/shoply"));
        assert_eq!(local_path("/"), Some("/"));
        assert_eq!(local_path("/store/x?a=1&b=%20#top"), None);
        assert_eq!(
            local_path("/store/x?a=1&b=2#top"),
            Some("/store/x?a=1&b=2#top")
        );
        assert_eq!(local_path("/store/caf%C3%A9"), Some("/store/caf%C3%A9"));
        assert_eq!(local_path("/apiary"), Some("/apiary"));
        for away in EVIL {
            assert_eq!(local_path(away), None, "{away:?}");
        }
        let long = format!("/{}", "a".repeat(MAX_NEXT_LEN));
        assert_eq!(local_path(&long), None, "too long");
        let fits = format!("/{}", "a".repeat(MAX_NEXT_LEN - 1));
        assert_eq!(local_path(&fits), Some(fits.as_str()));
        let huge = format!("/{}", "%2F".repeat(100_000));
        assert_eq!(local_path(&huge), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_place_to_return_to_resolves_to_a_path_on_the_public_origin() {
        let base = base();
        for away in EVIL {
            assert_eq!(same_origin_path(&base, away), None, "{away:?}");
        }
        // Resolving must not make a protocol-relative address of a path.
        assert_eq!(same_origin_path(&base, "/a/..//evil.test"), None);
        assert_eq!(same_origin_path(&base, "/a/./../%2E%2E//evil.test"), None);
        assert_eq!(
            same_origin_path(&base, "/store/../store/shoply?x=1#f"),
            Some("/store/shoply?x=1#f".to_string())
        );
        let under = url::Url::parse("https://portal.example/print/").unwrap();
        assert_eq!(
            same_origin_path(&under, "/store/shoply"),
            Some("/store/shoply".to_string())
        );
        for ok in ["/", "/store/shoply", "/orders?page=2"] {
            let path = same_origin_path(&base, ok).unwrap();
            assert!(http::HeaderValue::from_str(&path).is_ok(), "{path}");
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
