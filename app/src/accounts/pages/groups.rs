//! A company's member groups: create and delete them, put members in and
//! take them out, and give groups roles (everyone in a group holds them).
//! Plain forms, so every change works without JavaScript too.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{
    CreateGroup, DeleteGroup, GiveGroupRole, GroupMember, TakeGroupRole, groups,
};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::{CurrentUser, GroupRow, InvitePlace};

#[component]
pub fn GroupsPage() -> impl IntoView {
    view! {
        <Title text="Member groups" />
        <SignedInOnly view=|_: CurrentUser| view! { <GroupsOfCompany /> } />
    }
}

/// Every change on the page; the list reloads after each.
#[derive(Clone, Copy)]
struct Changes {
    create: ServerAction<CreateGroup>,
    delete: ServerAction<DeleteGroup>,
    member: ServerAction<GroupMember>,
    give: ServerAction<GiveGroupRole>,
    take: ServerAction<TakeGroupRole>,
}

impl Changes {
    fn version(&self) -> (usize, usize, usize, usize, usize) {
        (
            self.create.version().get(),
            self.delete.version().get(),
            self.member.version().get(),
            self.give.version().get(),
            self.take.version().get(),
        )
    }
}

#[component]
fn GroupsOfCompany() -> impl IntoView {
    let id = crate::components::guard::route_id();
    let changes = Changes {
        create: ServerAction::new(),
        delete: ServerAction::new(),
        member: ServerAction::new(),
        give: ServerAction::new(),
        take: ServerAction::new(),
    };
    let page = Resource::new(move || (id(), changes.version()), |(id, _)| groups(id));
    let created = Signal::derive(move || changes.create.value().get());
    let deleted = Signal::derive(move || changes.delete.value().get());
    let member = Signal::derive(move || changes.member.value().get());
    let given = Signal::derive(move || changes.give.value().get());
    let taken = Signal::derive(move || changes.take.value().get());
    view! {
        <section class="card">
            <p><a href="/companies">"All companies"</a></p>
            <Transition fallback=|| view! { <p class="muted">"Loading groups…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(p) => {
                            let company = p.company_id;
                            let places = p.places.clone();
                            view! {
                                <h1>"Member groups of " {p.company_name.clone()}</h1>
                                <p class="muted">"Everyone in a group holds the roles given to the group, on top of their own."</p>
                                {p.groups.is_empty().then(|| view! { <p class="muted">"The company has no groups yet."</p> })}
                                {p
                                    .groups
                                    .into_iter()
                                    .map(|g| view! { <Group company g places=places.clone() changes /> })
                                    .collect_view()}
                                <ActionForm action=changes.create attr:class="inline">
                                    <input type="hidden" name="company_id" value=company.to_string() />
                                    <label>"New group" <input name="name" required maxlength="80" data-testid="group-name" /></label>
                                    <button type="submit" class="primary">"Add group"</button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
            <Outcome value=created ok=|_| "Group added.".to_string() />
            <Outcome value=deleted ok=|_| "Group deleted.".to_string() />
            <Outcome value=member ok=|_| "Group members changed.".to_string() />
            <Outcome value=given ok=|_| "Role given to the group.".to_string() />
            <Outcome value=taken ok=|_| "Role taken away from the group.".to_string() />
        </section>
    }
}

/// The fields naming the group in each of its forms.
fn hidden(company: i64, group: i64) -> impl IntoView {
    view! {
        <input type="hidden" name="company_id" value=company.to_string() />
        <input type="hidden" name="group_id" value=group.to_string() />
    }
}

#[component]
fn Group(company: i64, g: GroupRow, places: Vec<InvitePlace>, changes: Changes) -> impl IntoView {
    let group = g.id;
    view! {
        <article class="group" data-testid="group" aria-label=g.name.clone()>
            <h2>{g.name.clone()}</h2>
            <h3>"Roles"</h3>
            {g.roles.is_empty().then(|| view! { <p class="muted">"No roles yet."</p> })}
            <ul data-testid="group-roles">
                {g
                    .roles
                    .into_iter()
                    .map(|r| view! {
                        <li>
                            {format!("{} in {}", r.role, r.place)}
                            <ActionForm action=changes.take attr:class="inline">
                                <input type="hidden" name="company_id" value=company.to_string() />
                                <input type="hidden" name="group_role_id" value=r.id.to_string() />
                                <button type="submit" class="secondary">"Take away"</button>
                            </ActionForm>
                        </li>
                    })
                    .collect_view()}
            </ul>
            {(!places.is_empty()).then(|| view! {
                <ActionForm action=changes.give attr:class="inline">
                    {hidden(company, group)}
                    <label>
                        "Role and where it applies"
                        <select name="grant" data-testid="group-grant">
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
                    <button type="submit" class="primary">"Give the group this role"</button>
                </ActionForm>
            })}
            <h3>"Members"</h3>
            {g.members.is_empty().then(|| view! { <p class="muted">"Nobody is in this group yet."</p> })}
            <ul data-testid="group-members">
                {g
                    .members
                    .into_iter()
                    .map(|m| view! {
                        <li>
                            {format!("{} ({})", m.name, m.email)}
                            <ActionForm action=changes.member attr:class="inline">
                                {hidden(company, group)}
                                <input type="hidden" name="email" value=m.email.clone() />
                                <input type="hidden" name="member" value="false" />
                                <button type="submit" class="secondary">"Take out"</button>
                            </ActionForm>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <ActionForm action=changes.member attr:class="inline">
                {hidden(company, group)}
                <input type="hidden" name="member" value="true" />
                <label>"Member's e-mail address" <input name="email" type="email" required data-testid="group-member-email" /></label>
                <button type="submit" class="primary">"Put in the group"</button>
            </ActionForm>
            <ActionForm action=changes.delete attr:class="inline">
                {hidden(company, group)}
                <button type="submit" class="secondary">"Delete the group"</button>
            </ActionForm>
        </article>
    }
}
