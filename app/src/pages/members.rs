//! Members the signed-in person may see, with a search. The list comes from
//! the server, filtered in SQL by the permission core.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::use_query_map;

use crate::api::list_members;
use crate::components::layout::use_session;

#[component]
pub fn MembersPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Members" />
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(_)) => view! { <MemberList /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/sign-in" /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MemberList() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let members = Resource::new(search, list_members);
    view! {
        <section class="card">
            <h1>"Members"</h1>
            <p class="muted">"Everyone your roles let you see."</p>
            <Form method="GET" action="/members" attr:class="filters">
                <label>
                    "Name or e-mail"
                    <input type="search" name="q" prop:value=search placeholder="e.g. paul" />
                </label>
                <button type="submit" class="primary">"Search"</button>
            </Form>
        </section>
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"Loading members…"</p> }>
                {move || Suspend::new(async move {
                    match members.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">"No member matches."</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-scroll">
                                <table class="matrix" data-testid="members">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Name"</th>
                                            <th scope="col">"E-mail"</th>
                                            <th scope="col">"State"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|m| view! {
                                                <tr>
                                                    <th scope="row">{m.display_name}</th>
                                                    <td>{m.email}</td>
                                                    <td>{m.state}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                            .into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
