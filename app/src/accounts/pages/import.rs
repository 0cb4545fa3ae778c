//! Import members from CSV (PrintJob): check the file (every line's
//! problems), then import all of it or nothing.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{ImportMembers, import_companies};
use crate::components::guard::SignedInOnly;
use crate::model::{CurrentUser, IMPORT_COLUMNS, ImportReport};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <Title text="Import members" />
        <SignedInOnly view=|_: CurrentUser| view! { <Import /> } />
    }
}

/// Put the chosen file's text into the form (the browser reads it; nothing
/// is uploaded until the form is sent).
#[cfg(feature = "hydrate")]
fn read_file(ev: leptos::ev::Event, set_text: WriteSignal<String>) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await
            && let Some(text) = text.as_string()
        {
            set_text.set(text);
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_file(_: leptos::ev::Event, _: WriteSignal<String>) {}

#[component]
fn Import() -> impl IntoView {
    let companies = Resource::new(|| (), |_| import_companies());
    let action = ServerAction::<ImportMembers>::new();
    let (commit, set_commit) = signal(false);
    let (text, set_text) = signal(String::new());
    let lines = move || text.with(|t| t.lines().count().saturating_sub(1));
    view! {
        <section class="card">
            <h1>"Import members"</h1>
            <p class="muted">
                "A CSV file whose first line names the columns "
                <code>{IMPORT_COLUMNS.join(",")}</code>
                ". The department may be empty; the role is its name or slug. Check the file first: nothing is imported while any line has a problem."
            </p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let companies = match companies.await {
                        Ok(c) => c,
                        Err(e) => return view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    };
                    view! {
                        <ActionForm action attr:class="stack" attr:novalidate=true>
                            <label>
                                "Company"
                                <select name="company_id" data-testid="import-company">
                                    {companies
                                        .into_iter()
                                        .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                                        .collect_view()}
                                </select>
                            </label>
                            <fieldset class="choices">
                                <legend>"Create them as"</legend>
                                <label><input type="radio" name="invite" value="false" checked /> " inactive (no sign-in; can receive orders)"</label>
                                <label><input type="radio" name="invite" value="true" /> " invited (each gets an e-mail to accept)"</label>
                            </fieldset>
                            <label>
                                "CSV file"
                                <input type="file" accept=".csv,text/csv" on:change=move |ev| read_file(ev, set_text) />
                            </label>
                            <label>
                                "Contents"
                                <textarea name="csv" rows="8" data-testid="import-csv" prop:value=text on:input=move |ev| set_text.set(event_target_value(&ev))></textarea>
                            </label>
                            <input type="hidden" name="commit" value=move || commit.get().to_string() />
                            <div class="row-actions">
                                <button type="submit" class="secondary" on:click=move |_| set_commit.set(false) disabled=move || action.pending().get()>
                                    "Check the file"
                                </button>
                                <button type="submit" class="primary" on:click=move |_| set_commit.set(true) disabled=move || action.pending().get()>
                                    "Import"
                                </button>
                            </div>
                            <Show when=move || action.pending().get()>
                                <p role="status">
                                    <progress></progress>
                                    {move || format!(" Working on {} lines…", lines())}
                                </p>
                            </Show>
                        </ActionForm>
                    }
                        .into_any()
                })}
            </Transition>
        </section>
        {move || action.value().get().map(|r| view! { <Report result=r /> })}
    }
}

#[component]
fn Report(result: Result<ImportReport, crate::error::AppError>) -> impl IntoView {
    match result {
        Err(e) => view! { <section class="card"><p class="error" role="alert">{e.to_string()}</p></section> }.into_any(),
        Ok(r) if r.imported > 0 => view! {
            <section class="card"><p class="notice" role="status">{format!("{} members imported.", r.imported)}</p></section>
        }
            .into_any(),
        Ok(r) if r.problems.is_empty() => view! {
            <section class="card"><p class="notice" role="status">{format!("All {} lines can be imported.", r.rows)}</p></section>
        }
            .into_any(),
        Ok(r) => view! {
            <section class="card">
                <p class="error" role="alert">
                    {format!("{} of {} lines have problems; nothing was imported.", r.problems.len(), r.rows)}
                </p>
                <div class="table-scroll">
                    <table class="matrix" data-testid="import-problems">
                        <thead>
                            <tr>
                                <th scope="col">"Line"</th>
                                <th scope="col">"E-mail"</th>
                                <th scope="col">"Problems"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {r.problems
                                .into_iter()
                                .map(|p| view! {
                                    <tr>
                                        <th scope="row">{p.line}</th>
                                        <td>{p.email}</td>
                                        <td>{p.errors.join(" ")}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
            .into_any(),
    }
}
