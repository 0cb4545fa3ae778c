//! Pages for signed-in people: everyone else is sent to the sign-in page.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::layout::use_session;
use crate::model::CurrentUser;

/// Renders `view` with the signed-in person, or redirects to sign in.
#[component]
pub fn SignedInOnly<F, V>(view: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match session.user.await {
                        Ok(Some(user)) => view(user).into_any(),
                        Ok(None) => view! { <Redirect path="/sign-in" /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// An error or a confirmation under a form.
#[component]
pub fn Outcome<T: Clone + Send + Sync + 'static>(
    value: Signal<Option<Result<T, crate::error::AppError>>>,
    #[prop(optional)] ok: Option<fn(T) -> String>,
) -> impl IntoView {
    move || match value.get() {
        Some(Err(e)) => {
            Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any())
        }
        Some(Ok(v)) => ok.map(|f| view! { <p class="notice" role="status">{f(v)}</p> }.into_any()),
        None => None,
    }
}

/// The numeric `:id` of the current route (0 when it is not a number, which
/// the server answers with "no such ...").
pub fn route_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    }
}
