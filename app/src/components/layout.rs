//! The frame around every page: who is signed in, the header, the navigation.

use leptos::prelude::*;

use crate::api::{SignIn, SignOut, current_user};
use crate::error::AppError;
use crate::model::CurrentUser;

/// The signed-in person and the actions that change who that is.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
}

/// Makes the [`Session`] available to everything inside the router.
#[component]
pub fn SessionProvider(children: Children) -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    // Blocking: the page waits for the answer, so a redirect to the sign-in
    // page is a real HTTP redirect and the header never flashes the wrong state.
    let user = Resource::new_blocking(
        move || (sign_in.version().get(), sign_out.version().get()),
        |_| current_user(),
    );
    provide_context(Session {
        user,
        sign_in,
        sign_out,
    });
    children()
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◧"</span>
                "Imprimatur"
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.user.await {
                        Ok(Some(user)) => view! { <SignedInNav user /> }.into_any(),
                        _ => view! {
                            <nav class="nav">
                                <a href="/sign-in">"Sign in"</a>
                            </nav>
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
        </header>
    }
}

#[component]
fn SignedInNav(user: CurrentUser) -> impl IntoView {
    let session = use_session();
    let portal = user.may_use_portal();
    let members = portal && user.may_see_members();
    view! {
        <nav class="nav" aria-label="Main">
            <Show when=move || portal>
                <a href="/">"Home"</a>
                <a href="/roles">"Roles"</a>
            </Show>
            <Show when=move || members>
                <a href="/members">"Members"</a>
            </Show>
            <span class="who" title=user.email.clone()>
                {user.display_name.clone()}
            </span>
            <ActionForm action=session.sign_out attr:class="inline">
                <button type="submit" class="secondary" data-testid="sign-out">
                    "Sign out"
                </button>
            </ActionForm>
        </nav>
    }
}
