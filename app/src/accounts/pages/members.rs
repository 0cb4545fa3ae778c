//! Members the signed-in person may see, with a search; the actions `core`
//! lets them take on each member; inviting people and the pending
//! invitations. The server checks every action again.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use imprimatur_core::Permission;

use crate::accounts::api::{
    ChangeMemberState, CreateDepartment, InviteMember, ManageInvitation, ResendCredentials,
    department_companies, invite_places, list_invitations, list_members,
};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::{CurrentUser, MemberRow};

#[component]
pub fn MembersPage() -> impl IntoView {
    view! {
        <Title text="Members" />
        <SignedInOnly view=|user: CurrentUser| view! { <Members user /> } />
    }
}

/// The actions of this page, so the lists refresh after each.
#[derive(Clone, Copy)]
struct Actions {
    state: ServerAction<ChangeMemberState>,
    credentials: ServerAction<ResendCredentials>,
    invite: ServerAction<InviteMember>,
    manage: ServerAction<ManageInvitation>,
    department: ServerAction<CreateDepartment>,
}

#[component]
fn Members(user: CurrentUser) -> impl IntoView {
    let actions = Actions {
        state: ServerAction::new(),
        credentials: ServerAction::new(),
        invite: ServerAction::new(),
        manage: ServerAction::new(),
        department: ServerAction::new(),
    };
    let may_add_departments = user.may_see_any(
        Permission::DepartmentsCreate,
        imprimatur_core::ResourceKind::Department,
    );
    let may_assign_types = user.may_see_any(
        Permission::DepartmentsAssignPublicationTypes,
        imprimatur_core::ResourceKind::Department,
    );
    let may_invite = user.may_see_any(
        Permission::UsersInvite,
        imprimatur_core::ResourceKind::Membership,
    ) || user.may_see_any(
        Permission::TenantAdminsInvite,
        imprimatur_core::ResourceKind::Membership,
    );
    view! {
        <MemberList user actions />
        <Show when=move || may_add_departments>
            <Departments actions may_assign_types />
        </Show>
        <Show when=move || may_invite>
            <InviteForm actions />
            <PendingInvitations actions />
        </Show>
    }
}

#[component]
fn MemberList(user: CurrentUser, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let members = Resource::new(
        move || (search(), actions.state.version().get()),
        |(q, _)| list_members(q),
    );
    let state_outcome = Signal::derive(move || actions.state.value().get());
    let credentials_outcome = Signal::derive(move || actions.credentials.value().get());
    let may_import = user.may_see_any(Permission::UsersCreate, imprimatur_core::ResourceKind::User);
    let user = StoredValue::new(user);
    view! {
        <section class="card">
            <h1>"Members"</h1>
            <p class="muted">"Everyone your roles let you see."</p>
            <Show when=move || may_import>
                <p><a href="/members/import">"Import members from CSV"</a></p>
            </Show>
            <Form method="GET" action="/members" attr:class="filters">
                <label>
                    "Name or e-mail"
                    <input type="search" name="q" prop:value=search placeholder="e.g. paul" />
                </label>
                <button type="submit" class="primary">"Search"</button>
            </Form>
            <Outcome value=state_outcome ok=|_: ()| "Done.".to_string() />
            <Outcome value=credentials_outcome ok=|_: ()| "The member has been sent a link.".to_string() />
            <Outcome value=Signal::derive(move || crate::components::layout::use_session().start_impersonation.value().get()) />
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
                                            <th scope="col">"Actions"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|m| {
                                                let actions_cell = user.with_value(|u| row_actions(u, &m, actions));
                                                let key = m.email.clone();
                                                view! {
                                                    <tr data-member=key>
                                                        <th scope="row">
                                                            <a href=format!("/members/{}", m.id)>{m.display_name}</a>
                                                        </th>
                                                        <td>{m.email}</td>
                                                        <td data-testid="member-state">{m.state}</td>
                                                        <td class="row-actions">{actions_cell}</td>
                                                    </tr>
                                                }
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

/// The buttons `core` lets the viewer use on this member.
fn row_actions(user: &CurrentUser, m: &MemberRow, actions: Actions) -> impl IntoView + use<> {
    let suspend = user.may_act_on(Permission::UsersSuspend, m);
    let resend = user.may_act_on(Permission::UsersResendCredentials, m) && m.state == "active";
    let impersonate = user.may_act_on(Permission::Impersonate, m) && m.state == "active";
    let suspended = m.state == "suspended";
    let start = crate::components::layout::use_session().start_impersonation;
    let id = m.id.to_string();
    let id2 = id.clone();
    let id3 = id.clone();
    view! {
        {suspend.then(|| view! {
            <ActionForm action=actions.state attr:class="inline">
                <input type="hidden" name="user_id" value=id.clone() />
                <input type="hidden" name="suspend" value=(!suspended).to_string() />
                <button type="submit" class="secondary">
                    {if suspended { "Reactivate" } else { "Suspend" }}
                </button>
            </ActionForm>
        })}
        {impersonate.then(|| view! {
            <ActionForm action=start attr:class="inline impersonate">
                <input type="hidden" name="user_id" value=id3.clone() />
                <input type="text" name="reason" required maxlength="200" placeholder="Reason" aria-label="Reason for signing in as this member" />
                <button type="submit" class="secondary">"Sign in as"</button>
            </ActionForm>
        })}
        {resend.then(|| view! {
            <ActionForm action=actions.credentials attr:class="inline">
                <input type="hidden" name="user_id" value=id2.clone() />
                <button type="submit" class="secondary">"Send password link"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn InviteForm(actions: Actions) -> impl IntoView {
    let places = Resource::new(
        move || actions.department.version().get(),
        |_| invite_places(),
    );
    let outcome = Signal::derive(move || actions.invite.value().get());
    view! {
        <section class="card">
            <h2>"Invite someone"</h2>
            <p class="muted">"They get an e-mail with a link that works once, for 7 days. The role is theirs when they accept."</p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match places.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(places) if places.is_empty() => view! { <p class="muted">"There is nowhere you may invite people to."</p> }.into_any(),
                        Ok(places) => view! {
                            <ActionForm action=actions.invite attr:class="stack" attr:novalidate=true>
                                <label>
                                    "E-mail address"
                                    <input type="email" name="email" required inputmode="email" data-testid="invite-email" />
                                </label>
                                <label>
                                    "Name"
                                    <input type="text" name="name" required maxlength="200" data-testid="invite-name" />
                                </label>
                                <label>
                                    "Role and where it applies"
                                    <select name="grant" data-testid="invite-grant">
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
                                <Outcome value=outcome ok=|m: String| m />
                                <button type="submit" class="primary" disabled=move || actions.invite.pending().get()>
                                    "Send the invitation"
                                </button>
                            </ActionForm>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PendingInvitations(actions: Actions) -> impl IntoView {
    let pending = Resource::new(
        move || {
            (
                actions.invite.version().get(),
                actions.manage.version().get(),
            )
        },
        |_| list_invitations(),
    );
    let outcome = Signal::derive(move || actions.manage.value().get());
    view! {
        <section class="card">
            <h2>"Pending invitations"</h2>
            <Outcome value=outcome ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">"None."</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-scroll">
                                <table class="matrix" data-testid="invitations">
                                    <thead>
                                        <tr>
                                            <th scope="col">"E-mail"</th>
                                            <th scope="col">"Role"</th>
                                            <th scope="col">"Where"</th>
                                            <th scope="col">"Sent"</th>
                                            <th scope="col">"Actions"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|r| {
                                                let id = r.id.to_string();
                                                let id2 = id.clone();
                                                let key = r.email.clone();
                                                view! {
                                                    <tr data-invitation=key>
                                                        <th scope="row">{r.email}</th>
                                                        <td>{r.role}</td>
                                                        <td>{r.place}</td>
                                                        <td>{r.invited_at}</td>
                                                        <td class="row-actions">
                                                            <ActionForm action=actions.manage attr:class="inline">
                                                                <input type="hidden" name="id" value=id />
                                                                <input type="hidden" name="cancel" value="false" />
                                                                <button type="submit" class="secondary">"Resend"</button>
                                                            </ActionForm>
                                                            <ActionForm action=actions.manage attr:class="inline">
                                                                <input type="hidden" name="id" value=id2 />
                                                                <input type="hidden" name="cancel" value="true" />
                                                                <button type="submit" class="secondary">"Cancel"</button>
                                                            </ActionForm>
                                                        </td>
                                                    </tr>
                                                }
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
        </section>
    }
}

#[component]
fn Departments(actions: Actions, may_assign_types: bool) -> impl IntoView {
    let companies = Resource::new(
        move || actions.department.version().get(),
        |_| department_companies(),
    );
    let outcome = Signal::derive(move || actions.department.value().get());
    view! {
        <section class="card">
            <h2>"Departments"</h2>
            {may_assign_types.then(|| view! {
                <p><a href="/publication-types">"Choose the publication types each department orders"</a></p>
            })}
            <Outcome value=outcome ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match companies.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(list) => list
                            .into_iter()
                            .map(|c| view! {
                                <div class="stack" data-testid="departments">
                                    <h3>{c.company.clone()}</h3>
                                    <p class="muted">
                                        {if c.departments.is_empty() {
                                            "No departments yet.".to_string()
                                        } else {
                                            c.departments.join(", ")
                                        }}
                                    </p>
                                    <ActionForm action=actions.department attr:class="filters">
                                        <input type="hidden" name="company_id" value=c.company_id.to_string() />
                                        <label>
                                            "New department"
                                            <input type="text" name="name" required maxlength="100" data-testid="department-name" />
                                        </label>
                                        <button type="submit" class="secondary">"Add department"</button>
                                    </ActionForm>
                                </div>
                            })
                            .collect_view()
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
