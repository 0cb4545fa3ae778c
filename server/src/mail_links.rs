//! One-time links in queued mail. The outbox keeps a message's body with
//! its link taken out and the link sealed (AES-256-GCM, bound to the
//! recipient) under a key derived from `server.secret`, which never sits in
//! the database: neither a backup nor a reader of the mailbox holds a usable
//! link. Only delivery opens the seal, and erases it once the message is out.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::ServerError;

/// Where the link stood in a stored body.
pub const PLACEHOLDER: &str = "{{one-time link}}";
/// What readers of the outbox see in its place.
pub const REMOVED: &str = "(link removed: sent to the recipient only)";

const NONCE_LEN: usize = 12;

/// An absolute link into the portal for an e-mail.
pub fn link(config: &Config, path: &str, token: &str) -> String {
    let base = config.server.public_url.as_str().trim_end_matches('/');
    format!("{base}{path}?token={token}")
}

fn cipher(config: &Config) -> Aes256Gcm {
    // A label of its own, so a later use of the same secret gets another key.
    let key: [u8; 32] = Sha256::new()
        .chain_update(b"imprimatur: outbox links v1\0")
        .chain_update(config.server.secret.expose().as_bytes())
        .finalize()
        .into();
    Aes256Gcm::new(&Key::<Aes256Gcm>::from(key))
}

/// `link` sealed for `recipient`: hex of the nonce and the ciphertext.
pub fn seal(config: &Config, recipient: &str, link: &str) -> Result<String, ServerError> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = cipher(config)
        .encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: link.as_bytes(),
                aad: recipient.as_bytes(),
            },
        )
        .map_err(|_| ServerError::Corrupt("a mail link could not be sealed".into()))?;
    let mut out = nonce.to_vec();
    out.extend(sealed);
    Ok(hex::encode(out))
}

/// The link back, if `sealed` was sealed for `recipient` under this key.
pub fn open(config: &Config, recipient: &str, sealed: &str) -> Option<String> {
    let bytes = hex::decode(sealed).ok()?;
    if bytes.len() <= NONCE_LEN {
        return None;
    }
    let (nonce, text) = bytes.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
    let link = cipher(config)
        .decrypt(
            &Nonce::from(nonce),
            Payload {
                msg: text,
                aad: recipient.as_bytes(),
            },
        )
        .ok()?;
    String::from_utf8(link).ok()
}

/// A stored body as its readers see it.
pub fn redacted(body: &str) -> String {
    body.replace(PLACEHOLDER, REMOVED)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(secret: &str) -> Config {
        Config::from_toml_and_env(
            include_str!("../../Leptos.toml"),
            [("IMPRIMATUR_SERVER_SECRET".to_string(), secret.to_string())],
        )
        .unwrap()
    }

    #[test]
    fn a_sealed_link_opens_only_with_the_same_secret_for_the_same_recipient() {
        let a = config("the first secret, long enough for the check");
        let b = config("another secret, also long enough for the check");
        let sealed = seal(&a, "ann@acme.test", "http://x/reset-password?token=ab").unwrap();
        assert!(!sealed.contains("token"));
        assert_eq!(
            open(&a, "ann@acme.test", &sealed).as_deref(),
            Some("http://x/reset-password?token=ab")
        );
        assert_eq!(open(&b, "ann@acme.test", &sealed), None);
        assert_eq!(open(&a, "eve@acme.test", &sealed), None);
        assert_eq!(open(&a, "ann@acme.test", "zz"), None);
    }
}
