//! "Role permissions at a glance": every built-in role family's matrix,
//! generated from `core` like the seeds' own tables, filterable by family and
//! text, and downloadable as CSV. The filter is a GET form, so it works
//! without JavaScript too.

use imprimatur_core::{Family, matrix};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::use_query_map;

use crate::components::layout::use_session;

fn family_from(slug: &str) -> Option<Family> {
    Family::ALL.iter().copied().find(|f| f.slug() == slug)
}

#[component]
pub fn RolesPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Role permissions" />
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) if user.may_use_portal() => view! { <Matrices /> }.into_any(),
                    Ok(Some(_)) => view! { <p class="error" role="alert">"Your role does not include the web portal."</p> }.into_any(),
                    Ok(None) => view! { <Redirect path="/sign-in" /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Matrices() -> impl IntoView {
    let query = use_query_map();
    let family = move || query.read().get("family").and_then(|f| family_from(&f));
    let text = move || query.read().get("q").unwrap_or_default();
    let csv_href = move || match family() {
        Some(f) => format!("/roles.csv?family={}", f.slug()),
        None => "/roles.csv".to_string(),
    };
    view! {
        <section class="card">
            <h1>"Role permissions at a glance"</h1>
            <p class="muted">
                "What every built-in role may do, straight from the permission core. "
                "✓ means within the company, department or project the role is held at."
            </p>
            <Form method="GET" action="/roles" attr:class="filters">
                <label>
                    "Role family"
                    <select name="family" data-testid="family">
                        <option value="" selected=move || family().is_none()>"All families"</option>
                        {Family::ALL
                            .iter()
                            .map(|f| {
                                let f = *f;
                                view! {
                                    <option value=f.slug() selected=move || family() == Some(f)>
                                        {f.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Permission contains"
                    <input type="search" name="q" prop:value=text placeholder="e.g. approve" />
                </label>
                <button type="submit" class="primary">"Filter"</button>
                <a class="button secondary-light" href=csv_href download>"Download CSV"</a>
            </Form>
        </section>
        {move || {
            let needle = text().to_lowercase();
            Family::ALL
                .iter()
                .copied()
                .filter(|f| family().is_none_or(|chosen| chosen == *f))
                .map(|f| view! { <FamilyTable family=f needle=needle.clone() /> })
                .collect_view()
        }}
    }
}

#[component]
fn FamilyTable(family: Family, needle: String) -> impl IntoView {
    let (roles, rows) = matrix::family_matrix(family);
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| {
            needle.is_empty()
                || r.permission.label().to_lowercase().contains(&needle)
                || r.permission.slug().contains(&needle)
        })
        .collect();
    let count = rows.len();
    view! {
        <section class="card" data-testid=format!("family-{}", family.slug())>
            <h2>{family.label()} <span class="count">" · " {count} " permissions"</span></h2>
            <div class="table-scroll">
                <table class="matrix">
                    <thead>
                        <tr>
                            <th scope="col">"Permission"</th>
                            {roles.iter().map(|r| view! { <th scope="col">{r.name()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|row| {
                                view! {
                                    <tr>
                                        <th scope="row" title=row.permission.description()>
                                            {row.permission.label()}
                                        </th>
                                        {row
                                            .cells
                                            .iter()
                                            .map(|c| view! { <td>{matrix::cell(c)}</td> })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
