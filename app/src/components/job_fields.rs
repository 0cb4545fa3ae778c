//! A product's options and job fields as form inputs, named by position
//! (`<prefix>[0]`, `<prefix>[1]`, …) for the server, each showing the
//! earlier answer when the job is being changed.

use leptos::prelude::*;

use crate::model::{JobAnswer, JobField, MAX_ANSWER_LEN};

#[component]
pub fn JobFieldInputs(
    fields: Vec<JobField>,
    /// The job's answers so far (empty for a new order).
    answers: Vec<JobAnswer>,
    prefix: &'static str,
) -> impl IntoView {
    fields
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let name = format!("{prefix}[{i}]");
            let earlier = answers
                .iter()
                .find(|a| a.label == f.label())
                .map(|a| a.value.clone())
                .unwrap_or_default();
            match f {
                JobField::Text { label, required } => view! {
                    <label>
                        {if required { format!("{label} (required)") } else { label }}
                        <input name=name value=earlier required=required maxlength=MAX_ANSWER_LEN.to_string() />
                    </label>
                }
                .into_any(),
                JobField::Option { label, choices } => view! {
                    <label>
                        {label}
                        <select name=name>
                            {choices
                                .into_iter()
                                .map(|c| {
                                    let chosen = c.label == earlier;
                                    view! { <option value=c.label.clone() selected=chosen>{c.offered()}</option> }
                                })
                                .collect_view()}
                        </select>
                    </label>
                }
                .into_any(),
            }
        })
        .collect_view()
}

/// The same inputs for a form the page handles itself (the public shop's
/// cart): what is typed or chosen lands in `given`, by position.
#[component]
pub fn JobFieldControls(
    fields: Vec<JobField>,
    given: RwSignal<std::collections::BTreeMap<String, String>>,
) -> impl IntoView {
    fields
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let key = i.to_string();
            let set = move |value: String| {
                let key = key.clone();
                given.update(|g| {
                    g.insert(key, value);
                })
            };
            let current = move || given.with(|g| g.get(&i.to_string()).cloned().unwrap_or_default());
            match f {
                JobField::Text { label, required } => view! {
                    <label>
                        {if required { format!("{label} (required)") } else { label }}
                        <input
                            maxlength=MAX_ANSWER_LEN.to_string()
                            prop:value=current
                            on:input=move |ev| set(event_target_value(&ev))
                        />
                    </label>
                }
                .into_any(),
                JobField::Option { label, choices } => view! {
                    <label>
                        {label}
                        <select on:change=move |ev| set(event_target_value(&ev))>
                            {choices
                                .into_iter()
                                .map(|c| view! { <option value=c.label.clone()>{c.offered()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                }
                .into_any(),
            }
        })
        .collect_view()
}
