//! A company's own roles (PrintShop Mail Web "Create new roles"): the list,
//! and an editor whose permission picker, grouped by module, comes from
//! `core` running in the browser: what the creator cannot grant is shown
//! greyed out with the reason. Before saving, the editor shows which members
//! holding the role would gain or lose which permissions.

use std::collections::BTreeSet;

use imprimatur_core::{CompanyId, Family, GrantChoice, Module, Principal, grant_choices};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{
    custom_roles, delete_custom_role, preview_custom_role, save_custom_role,
};
use crate::components::guard::SignedInOnly;
use crate::model::{
    CurrentUser, CustomRoleForm, CustomRoleRow, CustomRoles, HolderChange, grant_key, grant_label,
};

#[component]
pub fn CustomRolesPage() -> impl IntoView {
    view! {
        <Title text="Custom roles" />
        <SignedInOnly view=|user: CurrentUser| view! { <RolesOfCompany user /> } />
    }
}

/// What the editor works on: a new role (`id` None) or an existing one.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Draft {
    id: Option<i64>,
    name: String,
    family: Family,
    grants: BTreeSet<String>,
}

impl Draft {
    fn of(row: &CustomRoleRow) -> Self {
        Self {
            id: Some(row.id),
            name: row.name.clone(),
            family: row.family,
            grants: row.grants.iter().map(|(p, r)| grant_key(*p, *r)).collect(),
        }
    }

    fn form(&self) -> CustomRoleForm {
        CustomRoleForm {
            id: self.id,
            name: self.name.clone(),
            family: self.family.slug().to_string(),
            grants: self.grants.iter().cloned().collect(),
        }
    }
}

#[component]
fn RolesOfCompany(user: CurrentUser) -> impl IntoView {
    let id = crate::components::guard::route_id();
    let (version, set_version) = signal(0u32);
    let page = Resource::new(move || (id(), version.get()), |(id, _)| custom_roles(id));
    let draft = RwSignal::new(None::<Draft>);
    let (notice, set_notice) = signal(None::<Result<String, String>>);
    let reload = move |message: String| {
        set_notice.set(Some(Ok(message)));
        draft.set(None);
        set_version.update(|v| *v += 1);
    };
    let me = Principal::User(user.principal.clone());
    view! {
        <section class="card">
            <p><a href="/companies">"All companies"</a></p>
            <Transition fallback=|| view! { <p class="muted">"Loading roles…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match page.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(p) => view! { <RoleList page=p.clone() draft set_notice reload /> <Editor page=p me draft set_notice reload /> }.into_any(),
                        }
                    })
                }}
            </Transition>
            {move || notice.get().map(|n| match n {
                Ok(m) => view! { <p class="notice" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn RoleList(
    page: CustomRoles,
    draft: RwSignal<Option<Draft>>,
    set_notice: WriteSignal<Option<Result<String, String>>>,
    reload: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let company = page.company_id;
    let first_family = page.families().first().copied();
    let delete = move |row: CustomRoleRow| {
        leptos::task::spawn_local(async move {
            match delete_custom_role(company, row.id).await {
                Ok(()) => reload(format!("Role \u{201c}{}\u{201d} deleted.", row.name)),
                Err(e) => set_notice.set(Some(Err(e.to_string()))),
            }
        });
    };
    view! {
        <h1>"Custom roles of " {page.company_name.clone()}</h1>
        <p class="muted">
            "Roles built from the permissions you hold here. Give them to members on their page, like any other role."
        </p>
        {if page.roles.is_empty() {
            view! { <p class="muted" data-testid="no-custom-roles">"The company has no roles of its own yet."</p> }.into_any()
        } else {
            view! {
                <table class="matrix" data-testid="custom-roles">
                    <thead>
                        <tr>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Family"</th>
                            <th scope="col">"Permissions"</th>
                            <th scope="col">"Held by"</th>
                            <th scope="col"><span class="sr-only">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {page
                            .roles
                            .into_iter()
                            .map(|row| {
                                let edit = row.clone();
                                let gone = row.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{row.name.clone()}</th>
                                        <td>{row.family.label()}</td>
                                        <td>{row.grants.len()}</td>
                                        <td>{format!("{} member(s)", row.holders)}</td>
                                        <td class="actions">
                                            <button type="button" class="secondary" on:click=move |_| { set_notice.set(None); draft.set(Some(Draft::of(&edit))) }>"Edit"</button>
                                            <button type="button" class="secondary" on:click=move |_| delete(gone.clone())>"Delete"</button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
        {first_family.map(|family| view! {
            <button
                type="button"
                class="primary"
                on:click=move |_| {
                    set_notice.set(None);
                    draft.set(Some(Draft { id: None, name: String::new(), family, grants: BTreeSet::new() }))
                }
            >
                "New role"
            </button>
        })}
    }
}

#[component]
fn Editor(
    page: CustomRoles,
    me: Principal,
    draft: RwSignal<Option<Draft>>,
    set_notice: WriteSignal<Option<Result<String, String>>>,
    reload: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let company = page.company_id;
    let families = page.families();
    // What the save would change, once reviewed; editing again forgets it.
    let review = RwSignal::new(None::<Vec<HolderChange>>);
    let (busy, set_busy) = signal(false);
    let edit = move |f: &dyn Fn(&mut Draft)| {
        review.set(None);
        draft.update(|d| {
            if let Some(d) = d {
                f(d)
            }
        });
    };
    let check = move |_| {
        let Some(d) = draft.get_untracked() else {
            return;
        };
        set_busy.set(true);
        set_notice.set(None);
        leptos::task::spawn_local(async move {
            match preview_custom_role(company, d.form()).await {
                Ok(changes) => review.set(Some(changes)),
                Err(e) => set_notice.set(Some(Err(e.to_string()))),
            }
            set_busy.set(false);
        });
    };
    let save = move |_| {
        let Some(d) = draft.get_untracked() else {
            return;
        };
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match save_custom_role(company, d.form()).await {
                Ok(_) => reload(format!("Role \u{201c}{}\u{201d} saved.", d.name.trim())),
                Err(e) => set_notice.set(Some(Err(e.to_string()))),
            }
            review.set(None);
            set_busy.set(false);
        });
    };
    move || {
        let d = draft.get()?;
        let families = families.clone();
        let choices = grant_choices(&me, CompanyId(company), d.family);
        Some(view! {
            <form class="stack role-editor" data-testid="role-editor" on:submit=|ev| ev.prevent_default()>
                <h2>{if d.id.is_some() { "Change the role" } else { "New role" }}</h2>
                <label>
                    "Name"
                    <input
                        maxlength="80"
                        data-testid="role-name"
                        prop:value=d.name.clone()
                        on:input=move |ev| { let v = event_target_value(&ev); edit(&|d| d.name = v.clone()) }
                    />
                </label>
                <label>
                    "Family"
                    <select
                        data-testid="role-family"
                        disabled=d.id.is_some()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(f) = Family::from_slug(&v) {
                                edit(&|d| { d.family = f; d.grants.clear(); })
                            }
                        }
                    >
                        {families
                            .iter()
                            .map(|f| view! { <option value=f.slug() selected=*f == d.family>{f.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <Picker choices grants=d.grants.clone() edit />
                <div class="actions">
                    <button type="button" class="secondary" on:click=check disabled=move || busy.get()>
                        "Review the change"
                    </button>
                    <button type="button" class="secondary" on:click=move |_| { review.set(None); draft.set(None) }>
                        "Cancel"
                    </button>
                </div>
                {move || review.get().map(|changes| view! { <Review changes is_new=d.id.is_none() /> <button type="button" class="primary" on:click=save disabled=move || busy.get()>"Save role"</button> })}
            </form>
        })
    }
}

/// The permission picker: one group per module; boxes the creator cannot
/// tick are disabled, with `core`'s reason beside them.
#[component]
fn Picker(
    choices: Vec<GrantChoice>,
    grants: BTreeSet<String>,
    edit: impl Fn(&dyn Fn(&mut Draft)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    Module::ALL
        .iter()
        .filter_map(|m| {
            let in_module: Vec<GrantChoice> = choices
                .iter()
                .filter(|c| c.permission.module() == *m)
                .copied()
                .collect();
            (!in_module.is_empty()).then(|| {
                view! {
                    <fieldset class="picker" data-testid=format!("module-{}", m.label())>
                        <legend>{m.label()}</legend>
                        {in_module
                            .into_iter()
                            .map(|c| {
                                let key = grant_key(c.permission, c.reach);
                                let checked = grants.contains(&key);
                                let toggle = key.clone();
                                view! {
                                    <label class="choice">
                                        <input
                                            type="checkbox"
                                            value=key
                                            checked=checked
                                            disabled=c.problem.is_some()
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let k = toggle.clone();
                                                edit(&|d| { if on { d.grants.insert(k.clone()); } else { d.grants.remove(&k); } })
                                            }
                                        />
                                        {grant_label(c.permission, c.reach)}
                                        {c.problem.map(|p| view! { <small class="muted why">{p.explain()}</small> })}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                }
            })
        })
        .collect_view()
}

/// Who gains and who loses what if the role is saved.
#[component]
fn Review(changes: Vec<HolderChange>, is_new: bool) -> impl IntoView {
    if is_new {
        return view! { <p class="notice" data-testid="role-review">"Nobody holds a new role yet; give it to members after saving."</p> }.into_any();
    }
    if changes.is_empty() {
        return view! { <p class="notice" data-testid="role-review">"Nobody holding this role gains or loses anything."</p> }.into_any();
    }
    view! {
        <ul class="review" data-testid="role-review">
            {changes
                .into_iter()
                .map(|c| {
                    let gained = c.gained.iter().map(|(p, r)| grant_label(*p, *r)).collect::<Vec<_>>().join("; ");
                    let lost = c.lost.iter().map(|(p, r)| grant_label(*p, *r)).collect::<Vec<_>>().join("; ");
                    view! {
                        <li>
                            <strong>{c.name}</strong> " (" {c.email} ")"
                            {(!gained.is_empty()).then(|| view! { <div>"gains: " {gained}</div> })}
                            {(!lost.is_empty()).then(|| view! { <div>"loses: " {lost}</div> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
