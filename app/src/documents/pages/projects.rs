//! The projects a person may open (CtrlPrint): every project of the
//! companies they administer, the projects they administer, and for a
//! plain User the projects they hold a chapter level in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::SignedInOnly;
use crate::documents::api::my_projects;
use crate::model::CurrentUser;

#[component]
pub fn MyProjectsPage() -> impl IntoView {
    view! {
        <Title text="Projects" />
        <SignedInOnly view=|_: CurrentUser| view! { <MyProjects /> } />
    }
}

#[component]
fn MyProjects() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_projects());
    view! {
        <section class="card">
            <h1>"Projects"</h1>
            <Transition fallback=|| view! { <p class="muted">"Loading projects…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) => view! {
                            {rows.is_empty().then(|| view! { <p class="muted">"You have not been given any project yet."</p> })}
                            <ul data-testid="my-projects">
                                {rows.into_iter().map(|p| view! {
                                    <li>
                                        <a href=format!("/projects/{}", p.id)>{p.name.clone()}</a>
                                        <span class="muted">{format!(" — {}", p.company_name)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
