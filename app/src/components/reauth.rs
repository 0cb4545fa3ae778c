//! "Confirm your password" on the account page: changing how one signs in
//! needs a sign-in or a confirmed password from the last few minutes. The
//! form shows when this session is not recent enough, or when a change
//! was refused for that reason; without JavaScript the form posts and
//! the page comes back with the session confirmed.

use leptos::prelude::*;

use crate::auth::api::{ConfirmPassword, my_second_factor};
use crate::checks::REAUTHENTICATE;

/// Shared by the account page's cards: a change was refused for want of a
/// recent sign-in.
#[derive(Clone, Copy)]
pub struct Reauth {
    refused: RwSignal<bool>,
}

impl Reauth {
    /// For the cards' error messages: the refusal opens the form.
    pub fn saw(&self, message: &str) {
        if message == REAUTHENTICATE {
            self.refused.set(true);
        }
    }
}

/// Give the cards below a way to ask for the password.
pub fn provide() {
    provide_context(Reauth {
        refused: RwSignal::new(false),
    });
}

/// The page's form, if it has one; take it while the component is built
/// (a task spawned later finds no context).
pub fn use_reauth() -> Option<Reauth> {
    use_context::<Reauth>()
}

/// Let the form know when `action` is refused for want of a recent sign-in.
pub fn watch<S>(reauth: Option<Reauth>, action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move || {
        if let (Some(Err(e)), Some(r)) = (action.value().get(), reauth) {
            r.saw(&e.to_string());
        }
    });
}

#[component]
pub fn ConfirmPasswordForm() -> impl IntoView {
    let reauth = use_context::<Reauth>();
    let confirm = ServerAction::<ConfirmPassword>::new();
    let overview = Resource::new(move || confirm.version().get(), |_| my_second_factor());
    Effect::new(move || {
        if let (Some(Ok(())), Some(r)) = (confirm.value().get(), reauth) {
            r.refused.set(false);
        }
    });
    let stale = move || {
        overview
            .get()
            .and_then(Result::ok)
            .is_some_and(|o| !o.recently_authenticated)
    };
    let refused = move || reauth.is_some_and(|r| r.refused.get());
    let confirmed = move || matches!(confirm.value().get(), Some(Ok(())));
    view! {
        <Transition fallback=|| ()>
            {move || {
                (stale() || (refused() && !confirmed()))
                    .then(|| {
                        view! {
                            <section class="card" aria-labelledby="confirm-password-title" data-testid="confirm-password">
                                <h2 id="confirm-password-title">"Confirm your password"</h2>
                                <p class="muted">
                                    "Adding or removing a passkey, the authenticator app or recovery codes needs a fresh sign-in. No password? Sign out and sign in again with your passkey."
                                </p>
                                <ActionForm action=confirm attr:class="inline">
                                    <label>
                                        "Your password"
                                        <input type="password" name="password" autocomplete="current-password" required />
                                    </label>
                                    <button type="submit" class="primary">"Check password"</button>
                                </ActionForm>
                                {move || confirm.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
                            </section>
                        }
                    })
            }}
        </Transition>
        {move || {
            (confirmed() && !stale())
                .then(|| view! { <p class="notice" role="status">"Password confirmed: you can make the change now."</p> })
        }}
    }
}
