//! A software passkey: just enough of an authenticator (ES256, user
//! verified, "none" attestation, discoverable) to answer the server's real
//! ceremonies, so tests can finish them without a browser.

use data_encoding::BASE64URL_NOPAD;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use sha2::{Digest, Sha256};

/// User present, user verified.
const UP_UV: u8 = 0x01 | 0x04;
/// ... and attested credential data follows.
const AT: u8 = 0x40;

pub struct SoftPasskey {
    origin: String,
    key: EcdsaKeyPair,
    credential_id: Vec<u8>,
    /// The account's WebAuthn handle, as the server sent it (base64url).
    user_handle: String,
    counter: u32,
    rng: SystemRandom,
}

/// CBOR head: major type `major` with argument `n`.
fn head(major: u8, n: usize, out: &mut Vec<u8>) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        _ => out.extend([m | 25, (n >> 8) as u8, n as u8]),
    }
}

fn cbor_bytes(b: &[u8], out: &mut Vec<u8>) {
    head(2, b.len(), out);
    out.extend_from_slice(b);
}

fn cbor_text(t: &str, out: &mut Vec<u8>) {
    head(3, t.len(), out);
    out.extend_from_slice(t.as_bytes());
}

/// A CBOR integer in -24..=23.
fn cbor_small_int(i: i8, out: &mut Vec<u8>) {
    if i >= 0 {
        head(0, i as usize, out);
    } else {
        head(1, (-1 - i) as usize, out);
    }
}

fn b64(b: &[u8]) -> String {
    BASE64URL_NOPAD.encode(b)
}

fn client_data(kind: &str, options: &serde_json::Value, origin: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "type": kind,
        "challenge": options["publicKey"]["challenge"],
        "origin": origin,
        "crossOrigin": false,
    }))
    .unwrap()
}

impl SoftPasskey {
    /// A new key pair for the relying party at `origin`.
    pub fn new(origin: &str) -> SoftPasskey {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        SoftPasskey {
            origin: origin.trim_end_matches('/').to_string(),
            key,
            credential_id: rand::random::<[u8; 32]>().to_vec(),
            user_handle: String::new(),
            counter: 0,
            rng,
        }
    }

    fn auth_data(&mut self, rp_id: &str, flags: u8) -> Vec<u8> {
        self.counter += 1;
        let mut out = Sha256::digest(rp_id.as_bytes()).to_vec();
        out.push(flags);
        out.extend(self.counter.to_be_bytes());
        out
    }

    /// The public key as COSE: EC2, ES256, P-256, x, y.
    fn cose_key(&self) -> Vec<u8> {
        let point = self.key.public_key().as_ref();
        let (x, y) = (&point[1..33], &point[33..65]);
        let mut out = Vec::new();
        head(5, 5, &mut out);
        for (label, value) in [(1, 2), (3, -7), (-1, 1)] {
            cbor_small_int(label, &mut out);
            cbor_small_int(value, &mut out);
        }
        cbor_small_int(-2, &mut out);
        cbor_bytes(x, &mut out);
        cbor_small_int(-3, &mut out);
        cbor_bytes(y, &mut out);
        out
    }

    /// The answer to a registration challenge (`CreationChallengeResponse`
    /// as JSON): a new credential.
    pub fn register(&mut self, options: &serde_json::Value) -> serde_json::Value {
        let rp_id = options["publicKey"]["rp"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        self.user_handle = options["publicKey"]["user"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut auth_data = self.auth_data(&rp_id, UP_UV | AT);
        auth_data.extend([0u8; 16]); // no AAGUID
        auth_data.extend((self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend(&self.credential_id);
        auth_data.extend(self.cose_key());
        let mut attestation = Vec::new();
        head(5, 3, &mut attestation);
        cbor_text("fmt", &mut attestation);
        cbor_text("none", &mut attestation);
        cbor_text("attStmt", &mut attestation);
        head(5, 0, &mut attestation);
        cbor_text("authData", &mut attestation);
        cbor_bytes(&auth_data, &mut attestation);
        let id = b64(&self.credential_id);
        serde_json::json!({
            "id": id,
            "rawId": id,
            "response": {
                "attestationObject": b64(&attestation),
                "clientDataJSON": b64(&client_data("webauthn.create", options, &self.origin)),
            },
            "extensions": {},
            "type": "public-key",
        })
    }

    /// The answer to a sign-in challenge (`RequestChallengeResponse` as
    /// JSON): a signed assertion naming the account.
    pub fn sign_in(&mut self, options: &serde_json::Value) -> serde_json::Value {
        let rp_id = options["publicKey"]["rpId"].as_str().unwrap().to_string();
        let auth_data = self.auth_data(&rp_id, UP_UV);
        let client_data = client_data("webauthn.get", options, &self.origin);
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature = self.key.sign(&self.rng, &signed).unwrap();
        let id = b64(&self.credential_id);
        serde_json::json!({
            "id": id,
            "rawId": id,
            "response": {
                "authenticatorData": b64(&auth_data),
                "clientDataJSON": b64(&client_data),
                "signature": b64(signature.as_ref()),
                "userHandle": self.user_handle,
            },
            "extensions": {},
            "type": "public-key",
        })
    }
}
