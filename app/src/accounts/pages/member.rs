//! One member: their roles, taking one away and giving another, where
//! `core` allows. The server checks again and keeps the company's
//! invariants (the last Tenant Super Admin stays).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{
    AssignRole, PlaceInDepartment, RemoveRole, RequireMemberSecondFactor, ResetMemberSecondFactor,
    assign_places, member_departments, member_group_roles, member_roles, member_second_factor,
};
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
    let id = crate::components::guard::route_id();
    let remove = ServerAction::<RemoveRole>::new();
    let assign = ServerAction::<AssignRole>::new();
    let roles = Resource::new(
        move || (id(), remove.version().get(), assign.version().get()),
        |(id, ..)| member_roles(id),
    );
    let through_groups = Resource::new(id, member_group_roles);
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
                                            {format!("{} in {}", r.role.name, r.place)}
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
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    through_groups.await.ok().filter(|rows| !rows.is_empty()).map(|rows| view! {
                        <h3>"Through groups"</h3>
                        <ul class="roles" data-testid="member-group-roles">
                            {rows
                                .into_iter()
                                .map(|r| view! { <li>{format!("{} in {} (through the group \u{201c}{}\u{201d})", r.role, r.place, r.group)}</li> })
                                .collect_view()}
                        </ul>
                    })
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
        <Departments id=Signal::derive(id) />
        <SecondFactor id=Signal::derive(id) />
    }
}

/// The departments of the member's companies that the viewer may see, with
/// "Put in" / "Take out" where `core` lets them.
#[component]
fn Departments(id: Signal<i64>) -> impl IntoView {
    let place = ServerAction::<PlaceInDepartment>::new();
    let rows = Resource::new(
        move || (id.get(), place.version().get()),
        |(id, _)| member_departments(id),
    );
    let outcome = Signal::derive(move || place.value().get());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if !rows.is_empty() => view! {
                        <section class="card">
                            <h2>"Departments"</h2>
                            <Outcome value=outcome ok=|_: ()| "Saved.".to_string() />
                            <ul class="roles" data-testid="member-departments">
                                {rows
                                    .into_iter()
                                    .map(|d| view! {
                                        <li>
                                            {d.place.clone()}
                                            " — "
                                            {if d.member { "member" } else { "not a member" }}
                                            {d.may_change.then(|| view! {
                                                <ActionForm action=place attr:class="inline">
                                                    <input type="hidden" name="user_id" value=id.get_untracked().to_string() />
                                                    <input type="hidden" name="department_id" value=d.department_id.to_string() />
                                                    <input type="hidden" name="member" value=(!d.member).to_string() />
                                                    <button type="submit" class="link">
                                                        {if d.member { "Take out" } else { "Put in" }}
                                                    </button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                        .into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}

/// Require a member's second factor or reset it, for those `core` lets
/// (the server says which; nothing shows for anyone else).
#[component]
fn SecondFactor(id: Signal<i64>) -> impl IntoView {
    let require = ServerAction::<RequireMemberSecondFactor>::new();
    let reset = ServerAction::<ResetMemberSecondFactor>::new();
    let state = Resource::new(
        move || (id.get(), require.version().get(), reset.version().get()),
        |(id, ..)| member_second_factor(id),
    );
    let required = Signal::derive(move || require.value().get());
    let was_reset = Signal::derive(move || reset.value().get());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(s) = state.await else { return ().into_any() };
                view! {
                    <section class="card" data-testid="member-second-factor">
                        <h2>"Two-step sign-in"</h2>
                        <p>
                            {if s.enrolled { "A second factor is set up." } else { "No second factor is set up." }}
                            {s.required_by_admin.then_some(" An administrator requires one.")}
                            {s.must_enrol.then_some(" They set up a new one at their next sign-in.")}
                        </p>
                        {s.may_require.then(|| view! {
                            <ActionForm action=require attr:class="inline">
                                <input type="hidden" name="user_id" value=id.get_untracked().to_string() />
                                <input type="hidden" name="required" value=(!s.required_by_admin).to_string() />
                                <button type="submit" class="secondary">
                                    {if s.required_by_admin { "Stop requiring a second factor" } else { "Require a second factor" }}
                                </button>
                            </ActionForm>
                        })}
                        {s.may_reset.then(|| view! {
                            <ActionForm action=reset attr:class="inline">
                                <input type="hidden" name="user_id" value=id.get_untracked().to_string() />
                                <button type="submit" class="secondary" title="Removes their authenticator app, passkeys and recovery codes, and signs them out">
                                    "Reset second factor"
                                </button>
                            </ActionForm>
                        })}
                        <Outcome value=required ok=|_: ()| "Saved.".to_string() />
                        <Outcome value=was_reset ok=|_: ()| "Reset: they set up a new second factor at their next sign-in.".to_string() />
                    </section>
                }
                    .into_any()
            })}
        </Transition>
    }
}
