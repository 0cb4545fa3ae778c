//! The person's own account: who they are, where they are signed in, and
//! "sign out everywhere".

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::my_impersonations;
use crate::auth::api::my_sessions;
use crate::components::guard::SignedInOnly;
use crate::components::layout::use_session;
use crate::model::CurrentUser;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text="Your account" />
        <SignedInOnly view=|user: CurrentUser| view! { <Account user /> } />
    }
}

#[component]
fn Account(user: CurrentUser) -> impl IntoView {
    let everywhere = use_session().sign_out_everywhere;
    // Before the cards that change credentials, which report refusals to it.
    crate::components::reauth::provide();
    let sessions = Resource::new(|| (), |_| my_sessions());
    let impersonations = Resource::new(|| (), |_| my_impersonations());
    view! {
        <section class="card">
            <h1>"Your account"</h1>
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{user.display_name.clone()}</dd>
                <dt>"E-mail"</dt>
                <dd>{user.email.clone()}</dd>
            </dl>
            <p><a href="/forgot-password">"Change your password by e-mail"</a></p>
        </section>
        <section class="card">
            <h2>"Where you are signed in"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-scroll">
                                <table class="matrix" data-testid="sessions">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Device"</th>
                                            <th scope="col">"Address"</th>
                                            <th scope="col">"Signed in"</th>
                                            <th scope="col">"Last seen"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|s| view! {
                                                <tr>
                                                    <th scope="row">
                                                        {s.user_agent.unwrap_or_else(|| "Unknown device".into())}
                                                        {s.current.then(|| view! { " " <span class="tag">"this one"</span> })}
                                                    </th>
                                                    <td>{s.client_addr.unwrap_or_default()}</td>
                                                    <td>{s.started}</td>
                                                    <td>{s.last_seen}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=everywhere attr:class="inline">
                <button type="submit" class="secondary" data-testid="sign-out-everywhere">
                    "Sign out everywhere"
                </button>
            </ActionForm>
            {move || everywhere.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        </section>
        <crate::components::reauth::ConfirmPasswordForm />
        <crate::components::second_factor::AccountSecondFactor />
        <crate::components::passkeys::Passkeys />
        <section class="card">
            <h2>"Administrators who signed in as you"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match impersonations.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="muted" data-testid="impersonations">"Nobody has."</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul data-testid="impersonations">
                                {rows
                                    .into_iter()
                                    .map(|r| view! { <li>{r.at} " — " {r.by} ": " {r.reason}</li> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
