//! A company's projects (CtrlPrint "Create/delete projects"): add one,
//! delete one nobody holds a role at. Roles at a project (Project
//! Administrator) are given on a member's page. Plain forms.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{CreateProject, DeleteProject, projects};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::CurrentUser;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    view! {
        <Title text="Projects" />
        <SignedInOnly view=|_: CurrentUser| view! { <ProjectsOfCompany /> } />
    }
}

#[component]
fn ProjectsOfCompany() -> impl IntoView {
    let id = crate::components::guard::route_id();
    let create = ServerAction::<CreateProject>::new();
    let delete = ServerAction::<DeleteProject>::new();
    let page = Resource::new(
        move || (id(), create.version().get(), delete.version().get()),
        |(id, ..)| projects(id),
    );
    let created = Signal::derive(move || create.value().get());
    let deleted = Signal::derive(move || delete.value().get());
    view! {
        <section class="card">
            <p><a href="/companies">"All companies"</a></p>
            <Transition fallback=|| view! { <p class="muted">"Loading projects…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(p) => {
                            let company = p.company_id.to_string();
                            view! {
                                <h1>"Projects of " {p.company_name.clone()}</h1>
                                <p class="muted">"Give someone a role at a project (Project Administrator) on their member page."</p>
                                {p.projects.is_empty().then(|| view! { <p class="muted">"The company has no projects yet."</p> })}
                                <ul data-testid="projects">
                                    {p
                                        .projects
                                        .into_iter()
                                        .map(|row| {
                                            let company = company.clone();
                                            view! {
                                                <li>
                                                    <strong><a href=format!("/projects/{}", row.id)>{row.name.clone()}</a></strong>
                                                    {format!(" — {} role(s) held here", row.roles_held)}
                                                    <ActionForm action=delete attr:class="inline">
                                                        <input type="hidden" name="company_id" value=company />
                                                        <input type="hidden" name="project_id" value=row.id.to_string() />
                                                        <button type="submit" class="secondary">"Delete"</button>
                                                    </ActionForm>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <ActionForm action=create attr:class="inline">
                                    <input type="hidden" name="company_id" value=company.clone() />
                                    <label>"New project" <input name="name" required maxlength="120" data-testid="project-name" /></label>
                                    <button type="submit" class="primary">"Add project"</button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
            <Outcome value=created ok=|_| "Project added.".to_string() />
            <Outcome value=deleted ok=|_| "Project deleted.".to_string() />
        </section>
    }
}
