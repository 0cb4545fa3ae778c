//! One member: their roles, taking one away and giving another, where
//! `core` allows. The server checks again and keeps the company's
//! invariants (the last Tenant Super Admin stays).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{AssignRole, RemoveRole, assign_places, member_roles};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::CurrentUser;

#[component]
pub fn MemberPage() -> impl IntoView {
    view! {
        <Title text="Member" />
        <SignedInOnly view=|_: CurrentUser| view! { <Member /> } />
    }
}

#[component]
fn Member() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let remove = ServerAction::<RemoveRole>::new();
    let assign = ServerAction::<AssignRole>::new();
    let roles = Resource::new(
        move || (id(), remove.version().get(), assign.version().get()),
        |(id, ..)| member_roles(id),
    );
    let places = Resource::new(|| (), |_| assign_places());
    let removed = Signal::derive(move || remove.value().get());
    let assigned = Signal::derive(move || assign.value().get());
    view! {
        <section class="card">
            <h1>"Member"</h1>
            <p><a href="/members">"All members"</a></p>
            <h2>"Roles"</h2>
            <Outcome value=removed ok=|_: ()| "The role was taken away.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading roles…"</p> }>
                {move || Suspend::new(async move {
                    match roles.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="roles" data-testid="member-roles">
                                {rows
                                    .into_iter()
                                    .map(|r| view! {
                                        <li>
                                            {format!("{} in {}", r.role.name(), r.place)}
                                            {r.removable.then(|| view! {
                                                <ActionForm action=remove attr:class="inline">
                                                    <input type="hidden" name="assignment_id" value=r.id.to_string() />
                                                    <button type="submit" class="link">"Take away"</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match places.await {
                    Ok(places) if !places.is_empty() => view! {
                        <section class="card">
                            <h2>"Give a role"</h2>
                            <ActionForm action=assign attr:class="stack">
                                <input type="hidden" name="user_id" value=move || id().to_string() />
                                <label>
                                    "Role and where it applies"
                                    <select name="grant" data-testid="assign-grant">
                                        {places
                                            .into_iter()
                                            .map(|p| {
                                                let key = p.key();
                                                view! {
                                                    <optgroup label=p.label.clone()>
                                                        {p.roles
                                                            .into_iter()
                                                            .map(|(slug, name)| view! {
                                                                <option value=format!("{key}:{slug}")>{format!("{name} — {}", p.label)}</option>
                                                            })
                                                            .collect_view()}
                                                    </optgroup>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <Outcome value=assigned ok=|_: ()| "Role given.".to_string() />
                                <button type="submit" class="primary">"Give the role"</button>
                            </ActionForm>
                        </section>
                    }
                        .into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}
