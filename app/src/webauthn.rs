//! The browser's half of a passkey ceremony: hand the server's challenge to
//! `navigator.credentials` and the answer back. Needs the WASM bundle.

use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

/// What went wrong in the browser, in words.
fn closed() -> String {
    "The passkey prompt was closed or could not finish. Try again.".to_string()
}

#[cfg(feature = "hydrate")]
fn credentials() -> Result<web_sys::CredentialsContainer, String> {
    web_sys::window()
        .map(|w| w.navigator().credentials())
        .ok_or_else(closed)
}

/// Wait for the browser's answer to a ceremony.
#[cfg(feature = "hydrate")]
async fn answer(
    promise: Result<web_sys::js_sys::Promise, wasm_bindgen::JsValue>,
) -> Result<web_sys::PublicKeyCredential, String> {
    use wasm_bindgen::JsCast;
    let answer = wasm_bindgen_futures::JsFuture::from(promise.map_err(|_| closed())?)
        .await
        .map_err(|_| closed())?;
    answer.dyn_into().map_err(|_| closed())
}

/// Create a passkey on this device for the server's challenge.
#[cfg(feature = "hydrate")]
pub async fn create(
    challenge: CreationChallengeResponse,
) -> Result<RegisterPublicKeyCredential, String> {
    let options: web_sys::CredentialCreationOptions = challenge.into();
    Ok(answer(credentials()?.create_with_options(&options))
        .await?
        .into())
}

/// Sign the server's challenge with a passkey of this device.
#[cfg(feature = "hydrate")]
pub async fn get(challenge: RequestChallengeResponse) -> Result<PublicKeyCredential, String> {
    let options: web_sys::CredentialRequestOptions = challenge.into();
    Ok(answer(credentials()?.get_with_options(&options))
        .await?
        .into())
}

#[cfg(not(feature = "hydrate"))]
pub async fn create(_: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, String> {
    Err(closed())
}

#[cfg(not(feature = "hydrate"))]
pub async fn get(_: RequestChallengeResponse) -> Result<PublicKeyCredential, String> {
    Err(closed())
}
