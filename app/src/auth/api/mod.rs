//! Auth server functions: public HTTP endpoints under `/api`. Each
//! authorizes on the server before it touches data; the UI hiding a button
//! protects nothing.

mod confirm_password;
mod current_user;
mod list_passkeys;
mod my_second_factor;
mod my_sessions;
mod new_recovery_codes;
mod passkey_register_finish;
mod passkey_register_start;
mod passkey_sign_in_finish;
mod passkey_sign_in_start;
mod remove_passkey;
mod remove_totp;
mod request_password_reset;
mod reset_password;
mod second_factor_status;
mod sign_in;
mod sign_out;
mod sign_out_everywhere;
mod totp_setup_finish;
mod totp_setup_start;
mod verify_second_factor;

pub use confirm_password::{ConfirmPassword, confirm_password};
pub use current_user::{CurrentUserFn, current_user};
pub use list_passkeys::{ListPasskeys, list_passkeys};
pub use my_second_factor::{MySecondFactor, my_second_factor};
pub use my_sessions::{MySessions, my_sessions};
pub use new_recovery_codes::{NewRecoveryCodes, new_recovery_codes};
pub use passkey_register_finish::{
    MAX_PASSKEY_NAME_LEN, PasskeyRegisterFinish, passkey_register_finish,
};
pub use passkey_register_start::{PasskeyRegisterStart, passkey_register_start};
pub use passkey_sign_in_finish::{PasskeySignInFinish, passkey_sign_in_finish};
pub use passkey_sign_in_start::{PasskeySignInStart, passkey_sign_in_start};
pub use remove_passkey::{RemovePasskey, remove_passkey};
pub use remove_totp::{RemoveTotp, remove_totp};
pub use request_password_reset::{RequestPasswordReset, request_password_reset};
pub use reset_password::{ResetPassword, reset_password};
pub use second_factor_status::{SecondFactorStatusFn, second_factor_status};
pub use sign_in::{
    MAX_EMAIL_LEN, MAX_PASSWORD_LEN, SignIn, local_path, sign_in, validate_credentials,
};
pub use sign_out::{SignOut, sign_out};
pub use sign_out_everywhere::{SignOutEverywhere, sign_out_everywhere};
pub use totp_setup_finish::{TotpSetupFinish, totp_setup_finish};
pub use totp_setup_start::{TotpSetupStart, totp_setup_start};
pub use verify_second_factor::{MAX_CODE_LEN, VerifySecondFactor, verify_second_factor};
