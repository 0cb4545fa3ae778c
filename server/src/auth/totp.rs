//! Time-based one-time passwords (RFC 6238 over RFC 4226): the six-digit
//! codes of authenticator apps. SHA-1, 30-second steps and six digits,
//! because that is what every authenticator app understands.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

const STEP_SECONDS: i64 = 30;
const DIGITS: u32 = 6;

/// A new secret: 160 random bits (RFC 4226's recommendation), base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    BASE32_NOPAD.encode(&bytes)
}

/// The step a Unix time falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of `secret` for `step`; `None` for a secret that is not base32.
pub fn code(secret: &str, step: i64) -> Option<u32> {
    let key = BASE32_NOPAD.decode(secret.as_bytes()).ok()?;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest.get(19)? & 0x0f);
    let word = digest.get(offset..offset + 4)?;
    let value = u32::from_be_bytes([word[0] & 0x7f, word[1], word[2], word[3]]);
    Some(value % 10u32.pow(DIGITS))
}

/// The step `typed` is the code for, if it is one of now's neighbours (a
/// clock 30 seconds off still works) and later than `last_used`, so a code
/// that worked once never works again.
pub fn matching_step(
    secret: &str,
    typed: &str,
    now_step: i64,
    last_used: Option<i64>,
) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let typed: u32 = typed.parse().ok()?;
    (now_step - 1..=now_step + 1)
        .filter(|s| last_used.is_none_or(|last| *s > last))
        .find(|s| code(secret, *s) == Some(typed))
}

/// The `otpauth://` link authenticator apps read from the QR code.
pub fn provisioning_uri(issuer: &str, account: &str, secret: &str) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

/// The QR code of `text` as an SVG image; `None` if it is too long for one.
pub fn qr_svg(text: &str) -> Option<String> {
    let qr = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        qr.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B: the SHA-1 key "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn the_codes_match_the_rfc_6238_test_vectors() {
        for (time, expected) in [
            (59, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
        ] {
            assert_eq!(code(RFC_SECRET, step_at(time)), Some(expected % 1_000_000));
        }
    }

    #[test]
    fn a_code_from_the_neighbouring_step_works_and_never_twice() {
        let step = step_at(1_234_567_890);
        let typed = format!("{:06}", code(RFC_SECRET, step - 1).unwrap());
        assert_eq!(
            matching_step(RFC_SECRET, &typed, step, None),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(RFC_SECRET, &typed, step, Some(step - 1)),
            None
        );
    }

    #[test]
    fn a_stale_or_malformed_code_is_refused() {
        let step = step_at(1_234_567_890);
        let stale = format!("{:06}", code(RFC_SECRET, step - 5).unwrap());
        assert_eq!(matching_step(RFC_SECRET, &stale, step, None), None);
        assert_eq!(matching_step(RFC_SECRET, "12345", step, None), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", step, None), None);
        assert_eq!(matching_step("not base32!", "123456", step, None), None);
    }

    #[test]
    fn the_provisioning_link_names_the_issuer_and_account() {
        let uri = provisioning_uri("Imprimatur", "ann@acme.test", "ABC");
        assert!(
            uri.starts_with(
                "otpauth://totp/Imprimatur:ann%40acme.test?secret=ABC&issuer=Imprimatur"
            )
        );
        assert!(qr_svg(&uri).is_some_and(|svg| svg.contains("<svg")));
    }
}
