//! The access checker: pick a member and an action, see `core`'s answer and
//! its reason, and everything the member holds with where it comes from.

use leptos::prelude::*;
use leptos_meta::Title;

use imprimatur_core::{Module, Permission};

use crate::accounts::api::{CheckAccess, list_members};
use crate::components::guard::SignedInOnly;
use crate::model::CurrentUser;

#[component]
pub fn AccessPage() -> impl IntoView {
    view! {
        <Title text="Check access" />
        <SignedInOnly view=|_: CurrentUser| view! { <Access /> } />
    }
}

#[component]
fn Access() -> impl IntoView {
    let members = Resource::new(|| (), |_| list_members(String::new()));
    let check = ServerAction::<CheckAccess>::new();
    view! {
        <section class="card">
            <h1>"Check access"</h1>
            <p class="muted">"What may a member do, and why? The answer comes from the permission core, as the server would give it."</p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match members.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ActionForm action=check attr:class="stack">
                                <label>
                                    "Member"
                                    <select name="user_id" data-testid="access-member">
                                        {rows
                                            .into_iter()
                                            .map(|m| view! { <option value=m.id.to_string()>{format!("{} ({})", m.display_name, m.email)}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                                <label>
                                    "Action"
                                    <select name="permission" data-testid="access-permission">
                                        {Module::ALL
                                            .iter()
                                            .map(|module| view! {
                                                <optgroup label=module.label()>
                                                    {Permission::ALL
                                                        .iter()
                                                        .filter(|p| p.module() == *module)
                                                        .map(|p| view! { <option value=p.slug()>{p.label()}</option> })
                                                        .collect_view()}
                                                </optgroup>
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <fieldset class="choices">
                                    <legend>"On"</legend>
                                    <label><input type="radio" name="own" value="true" checked /> " their own item"</label>
                                    <label><input type="radio" name="own" value="false" /> " someone else's item in their department"</label>
                                </fieldset>
                                <button type="submit" class="primary">"Check"</button>
                            </ActionForm>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
        {move || check.value().get().map(|r| match r {
            Err(e) => view! { <section class="card"><p class="error" role="alert">{e.to_string()}</p></section> }.into_any(),
            Ok(report) => view! {
                <section class="card">
                    <p class=if report.allowed { "notice" } else { "error" } data-testid="access-answer">
                        {report.reason}
                    </p>
                    <h2>"Everything the member holds"</h2>
                    <div class="table-scroll">
                        <table class="matrix" data-testid="access-effective">
                            <thead>
                                <tr>
                                    <th scope="col">"Permission"</th>
                                    <th scope="col">"How far"</th>
                                    <th scope="col">"From"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {report
                                    .effective
                                    .into_iter()
                                    .map(|(p, reach, from)| view! {
                                        <tr>
                                            <th scope="row">{p}</th>
                                            <td>{reach}</td>
                                            <td>{from}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
                .into_any(),
        })}
    }
}
