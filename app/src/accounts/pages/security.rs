//! Who must use a second factor: each company the person secures requires
//! it of its members or not; platform admins set the rule for staff.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{SetSecondFactorRule, second_factor_rules};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::CurrentUser;

#[component]
pub fn SecurityPage() -> impl IntoView {
    view! {
        <Title text="Security" />
        <SignedInOnly view=|_: CurrentUser| view! { <Rules /> } />
    }
}

#[component]
fn Rules() -> impl IntoView {
    let set = ServerAction::<SetSecondFactorRule>::new();
    let rules = Resource::new(move || set.version().get(), |_| second_factor_rules());
    let outcome = Signal::derive(move || set.value().get());
    view! {
        <section class="card">
            <h1>"Security"</h1>
            <h2>"Two-step sign-in"</h2>
            <p class="muted">
                "When a second factor is required, members without one set it up at their next sign-in."
            </p>
            <Outcome value=outcome ok=|_: ()| "Saved.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match rules.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(rows) => view! {
                            <table class="matrix" data-testid="second-factor-rules">
                                <thead>
                                    <tr>
                                        <th scope="col">"Who"</th>
                                        <th scope="col">"Second factor"</th>
                                        <th scope="col"></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|r| view! {
                                            <tr>
                                                <th scope="row">{r.place.clone()}</th>
                                                <td>{if r.required { "required" } else { "optional" }}</td>
                                                <td>
                                                    <ActionForm action=set attr:class="inline">
                                                        {r.company_id.map(|c| view! { <input type="hidden" name="company_id" value=c.to_string() /> })}
                                                        <input type="hidden" name="required" value=(!r.required).to_string() />
                                                        <button type="submit" class="secondary">
                                                            {if r.required { "Make optional" } else { "Require" }}
                                                        </button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
