//! Second factors: what the sign-in, account and member pages show.

use serde::{Deserialize, Serialize};

/// Where a sign-in that passed the password stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorStep {
    /// Prove a second factor the account has.
    Verify,
    /// Set one up first: one is required and the account has none.
    Enrol,
}

impl SecondFactorStep {
    pub fn as_str(self) -> &'static str {
        match self {
            SecondFactorStep::Verify => "verify",
            SecondFactorStep::Enrol => "enrol",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "verify" => Some(SecondFactorStep::Verify),
            "enrol" => Some(SecondFactorStep::Enrol),
            _ => None,
        }
    }
}

/// The second step of a sign-in, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorStatus {
    pub step: SecondFactorStep,
    /// Why a second factor is required, in plain words.
    pub reason: Option<String>,
    pub authenticator_app: bool,
    pub passkeys: bool,
}

/// A new authenticator app secret, before its first code confirms it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    /// Base32, for typing into the app by hand.
    pub secret: String,
    /// The `otpauth://` link, for a phone.
    pub uri: String,
    /// The QR code of `uri`, an SVG image made by the server.
    pub qr_svg: String,
}

/// The first code confirmed the app: the recovery codes, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolled {
    pub recovery_codes: Vec<String>,
}

/// The signed-in person's own second factors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorOverview {
    pub authenticator_app: bool,
    pub passkeys: u64,
    pub recovery_codes_left: u64,
    /// Why a second factor is required, if it is.
    pub required: Option<String>,
    /// This session may change credentials now, without confirming the
    /// password first.
    #[serde(default)]
    pub recently_authenticated: bool,
}

/// A member's second factor, as their administrators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSecondFactor {
    pub required_by_admin: bool,
    /// An authenticator app or a passkey is set up.
    pub enrolled: bool,
    /// Must set one up at the next sign-in (after a reset).
    pub must_enrol: bool,
    /// What `core` lets the viewer do about it.
    pub may_require: bool,
    pub may_reset: bool,
}

/// A place whose second-factor rule the person may set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorRule {
    /// `None` for the platform's rule for its staff.
    pub company_id: Option<i64>,
    pub place: String,
    pub required: bool,
}
