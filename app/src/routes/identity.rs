//! Getting into an account and looking after it: a forgotten password, an
//! invitation, a password reset, and one's own account page (password,
//! passkeys, second factor, sessions).

use crate::accounts::pages::invitation::InvitationPage;
use crate::auth::pages::{
    account::AccountPage, forgot_password::ForgotPasswordPage, reset_password::ResetPasswordPage,
};

super::module_chunk!(identity_chunk, __preload_identity_chunk, IdentityPages {
    AccountRoute => AccountPage,
    ForgotPasswordRoute => ForgotPasswordPage,
    InvitationRoute => InvitationPage,
    ResetPasswordRoute => ResetPasswordPage,
});
