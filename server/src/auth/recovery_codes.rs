//! Recovery codes: ten single-use codes shown once, for when the second
//! factor is lost. Only their SHA-256 is stored; ~50 random bits each and
//! the sign-in limits make guessing hopeless.

use rand::Rng;
use sha2::{Digest, Sha256};

pub const COUNT: usize = 10;
/// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A new set of codes, formatted `xxxxx-xxxxx`.
pub fn generate() -> Vec<String> {
    let mut rng = rand::rng();
    (0..COUNT)
        .map(|_| {
            let chars: String = (0..10)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// What a typed code is compared as: lower case, no spaces or dashes.
/// `None` if it cannot be a recovery code.
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (code.len() == 10 && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

pub fn hash(normalized: &str) -> String {
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_read_back_however_they_are_typed() {
        let codes = generate();
        assert_eq!(codes.len(), COUNT);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), COUNT);
        let typed = codes[0].to_uppercase().replace('-', " ");
        assert_eq!(normalize(&typed), normalize(&codes[0]));
        assert!(normalize(&codes[0]).is_some());
    }

    #[test]
    fn something_else_is_not_a_recovery_code() {
        assert_eq!(normalize("123456"), None);
        assert_eq!(normalize("aaaaa-aaaa0"), None);
    }
}
