//! The audit trail, for those whose roles let them see it, filtered in SQL
//! by `core`'s visibility; with a CSV export of the same filter.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::accounts::api::list_audit;
use crate::components::guard::SignedInOnly;
use crate::model::{AUDIT_ACTIONS, AuditQuery, CurrentUser};

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Title text="Audit trail" />
        <SignedInOnly view=|_: CurrentUser| view! { <Audit /> } />
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn Audit() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        AuditQuery {
            action: q.get("action").unwrap_or_default(),
            outcome: q.get("outcome").unwrap_or_default(),
            email: q.get("email").unwrap_or_default(),
            limit: 200,
        }
    };
    let events = Resource::new(filters, list_audit);
    let csv = move || {
        let f = filters();
        format!(
            "/audit.csv?action={}&outcome={}&email={}",
            encode(&f.action),
            encode(&f.outcome),
            encode(&f.email)
        )
    };
    view! {
        <section class="card">
            <h1>"Audit trail"</h1>
            <Form method="GET" action="/audit" attr:class="filters">
                <label>
                    "Action"
                    <select name="action">
                        <option value="">"Any"</option>
                        {AUDIT_ACTIONS
                            .iter()
                            .map(|a| view! { <option value=*a selected=move || filters().action == *a>{*a}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Outcome"
                    <select name="outcome">
                        <option value="">"Any"</option>
                        {["ok", "failed", "denied"]
                            .into_iter()
                            .map(|o| view! { <option value=o selected=move || filters().outcome == o>{o}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Person (e-mail)"
                    <input type="search" name="email" prop:value=move || filters().email />
                </label>
                <button type="submit" class="primary">"Filter"</button>
                <a href=csv download>"Download CSV"</a>
            </Form>
        </section>
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"Loading events…"</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">"No events match."</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-scroll">
                                <table class="matrix" data-testid="audit">
                                    <thead>
                                        <tr>
                                            <th scope="col">"When"</th>
                                            <th scope="col">"Action"</th>
                                            <th scope="col">"Outcome"</th>
                                            <th scope="col">"Who"</th>
                                            <th scope="col">"On whom"</th>
                                            <th scope="col">"From"</th>
                                            <th scope="col">"Detail"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|r| view! {
                                                <tr>
                                                    <td>{r.at}</td>
                                                    <th scope="row">{r.action}</th>
                                                    <td>{r.outcome}</td>
                                                    <td>
                                                        {r.actor.unwrap_or_default()}
                                                        {r.real_actor.map(|a| format!(" (by {a})"))}
                                                    </td>
                                                    <td>{r.subject.unwrap_or_default()}</td>
                                                    <td>{r.client_addr.unwrap_or_default()}</td>
                                                    <td>{r.detail}</td>
                                                </tr>
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
