//! A project's chapter access at a glance (CtrlPrint "View a project's
//! chapter access permissions"): one row per person holding a level, one
//! column per chapter the viewer sees.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{SignedInOnly, route_id};
use crate::documents::api::list_chapters;
use crate::documents::model::{LevelHeld, ProjectChapters};
use crate::model::CurrentUser;

#[component]
pub fn ProjectAccessPage() -> impl IntoView {
    view! {
        <Title text="Chapter access" />
        <SignedInOnly view=|_: CurrentUser| view! { <Access /> } />
    }
}

/// Everyone holding a level somewhere in `p`, by name, each with their
/// level on every chapter (in the chapters' order).
fn grid(p: &ProjectChapters) -> Vec<(LevelHeld, Vec<Option<&'static str>>)> {
    let mut people: Vec<LevelHeld> = Vec::new();
    for l in p.chapters.iter().flat_map(|c| c.levels.iter()) {
        if !people.iter().any(|h| h.user_id == l.user_id) {
            people.push(l.clone());
        }
    }
    people.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id)));
    people
        .into_iter()
        .map(|person| {
            let levels = p
                .chapters
                .iter()
                .map(|c| {
                    c.levels
                        .iter()
                        .find(|l| l.user_id == person.user_id)
                        .map(|l| l.level.label())
                })
                .collect();
            (person, levels)
        })
        .collect()
}

#[component]
fn Access() -> impl IntoView {
    let id = route_id();
    let page = Resource::new(id, list_chapters);
    view! {
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"Loading chapter access…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(p) => {
                            let rows = grid(&p);
                            view! {
                                <p><a href=format!("/projects/{}", p.project.id)>{format!("Back to {}", p.project.name)}</a></p>
                                <h1>{format!("Chapter access: {}", p.project.name)}</h1>
                                {rows.is_empty().then(|| view! { <p class="muted">"Nobody holds a level on these chapters."</p> })}
                                <table data-testid="access">
                                    <thead>
                                        <tr>
                                            <th>"Member"</th>
                                            {p.chapters.iter().map(|c| view! { <th>{c.chapter.name.clone()}</th> }).collect_view()}
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|(person, levels)| view! {
                                            <tr>
                                                <td>{format!("{} <{}>", person.name, person.email)}</td>
                                                {levels.into_iter().map(|l| view! { <td>{l.unwrap_or("—")}</td> }).collect_view()}
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
