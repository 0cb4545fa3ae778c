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
