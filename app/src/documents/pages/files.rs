//! A chapter's files (CtrlPrint "Files and versions"): its versions, with
//! who checked each in when, the comment, pages and sizes and download
//! links; the form for the first document of an empty chapter, or the
//! check-in form for the holder of the check-out. Both forms are plain
//! multipart posts to `/chapters/{id}/document` or `/check-in` (the server
//! sends the browser back with a 303); with JavaScript the upload goes
//! through `XMLHttpRequest`, which shows its progress.

use imprimatur_core::{Permission, Principal, authorize};
use leptos::prelude::*;

use crate::components::guard::Outcome;
use crate::components::refresh::reloads;
use crate::documents::api::{DeleteVersion, list_versions};
use crate::documents::model::{ChapterFacts, ChapterStatus};
use crate::documents::version_model::{ChapterVersion, MAX_VERSION_COMMENT_LEN, human_size};

/// What the viewer may do with the chapter's files, as core decides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilesMay {
    /// Upload the first document ("Add a new document to the system"):
    /// the chapter is empty, open and active.
    pub upload: bool,
    /// Check in a new version: the viewer holds the check-out.
    pub check_in: bool,
    /// Describe the version ("Add version comments").
    pub comment: bool,
    /// "Delete chapter versions".
    pub delete: bool,
    /// Download documents ("Access documents").
    pub document: bool,
    /// Download PDFs ("Access PDFs").
    pub pdf: bool,
    /// Someone has the chapter checked out: its newest version stays.
    pub locked: bool,
}

impl FilesMay {
    /// From core, for `me` (account `my_id`) on `chapter`; `empty` when it
    /// has no version yet.
    pub fn for_viewer(me: &Principal, my_id: i64, chapter: &ChapterFacts, empty: bool) -> Self {
        let here = chapter.resource();
        let may = |p: Permission| authorize(me, p, &here).is_allowed();
        let open = chapter.active && chapter.status != ChapterStatus::Done;
        let mine = chapter.lock.as_ref().is_some_and(|l| l.user_id == my_id);
        let free = chapter.lock.is_none() || mine;
        Self {
            upload: empty && open && free && may(Permission::DocumentsAdd),
            check_in: !empty && open && mine && may(Permission::DocumentsEditText),
            comment: may(Permission::CommentsAddVersion),
            delete: may(Permission::ChapterDeleteVersions),
            document: may(Permission::DocumentsAccessEdit),
            pdf: may(Permission::DocumentsAccessPdf),
            locked: chapter.lock.is_some(),
        }
    }
}

/// The chapter's versions and, where allowed, the upload or check-in form.
#[component]
/// `landed` hears of each version that went in, so the page around it
/// reloads the chapter's status and lock and keeps the notice.
pub fn ChapterFiles(
    chapter_id: i64,
    may: FilesMay,
    landed: WriteSignal<Option<String>>,
) -> impl IntoView {
    let delete = ServerAction::<DeleteVersion>::new();
    let deleted = reloads(move || delete.value().get());
    let (uploaded, set_uploaded) = signal(0usize);
    let versions = Resource::new(
        move || (chapter_id, deleted.get(), uploaded.get()),
        |(id, _, _)| list_versions(id),
    );
    view! {
        <section class="card" aria-labelledby="chapter-files-title" data-testid="chapter-files">
            <h2 id="chapter-files-title">"Files and versions"</h2>
            <Outcome value=Signal::derive(move || delete.value().get()) ok=|_| "Version deleted.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading versions…"</p> }>
                {move || Suspend::new(async move {
                    match versions.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No document yet."</p> }.into_any(),
                        Ok(list) => view! { <Versions list chapter_id may delete /> }.into_any(),
                    }
                })}
            </Transition>
            {(may.upload || may.check_in).then(|| view! { <UploadForm chapter_id may set_uploaded landed /> })}
        </section>
    }
}

#[component]
fn Versions(
    list: Vec<ChapterVersion>,
    chapter_id: i64,
    may: FilesMay,
    delete: ServerAction<DeleteVersion>,
) -> impl IntoView {
    let newest = list.first().map_or(0, |v| v.number);
    view! {
        <table class="levels" data-testid="versions">
            <caption class="muted">"Newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Version"</th>
                    <th scope="col">"By"</th>
                    <th scope="col">"When"</th>
                    <th scope="col">"Comment"</th>
                    <th scope="col">"Pages"</th>
                    <th scope="col">"Files"</th>
                    {may.delete.then(|| view! { <th scope="col"><span class="sr-only">"Delete"</span></th> })}
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|v| {
                    let n = v.number;
                    let doc = format!("/chapters/{chapter_id}/document?version={n}");
                    let pdf = format!("/chapters/{chapter_id}/pdf?version={n}");
                    view! {
                        <tr data-testid="version">
                            <th scope="row">{n}</th>
                            <td>{v.created_by_name.clone()}</td>
                            <td>{v.created_at.clone()}</td>
                            <td>{v.comment.clone().unwrap_or_default()}</td>
                            <td>{v.pdf_pages}</td>
                            <td>
                                {may.document.then(|| view! {
                                    <a href=doc download="">{format!("{} ({})", v.document_name, human_size(v.document_size))}</a>
                                })}
                                {(may.document && may.pdf).then_some(" · ")}
                                {may.pdf.then(|| view! {
                                    <a href=pdf download="">{format!("PDF ({})", human_size(v.pdf_size))}</a>
                                })}
                            </td>
                            {may.delete.then(|| view! {
                                <td>
                                    {(n != newest || !may.locked).then(|| view! {
                                    <ActionForm action=delete attr:class="inline">
                                        <input type="hidden" name="chapter_id" value=chapter_id.to_string() />
                                        <input type="hidden" name="number" value=n.to_string() />
                                        <button type="submit" class="secondary" aria-label=format!("Delete version {n}")>
                                            {if n == newest { "Delete (newest)" } else { "Delete" }}
                                        </button>
                                    </ActionForm>
                                    })}
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UploadForm(
    chapter_id: i64,
    may: FilesMay,
    set_uploaded: WriteSignal<usize>,
    landed: WriteSignal<Option<String>>,
) -> impl IntoView {
    let (first, route, label) = if may.upload {
        (true, "document", "Upload document")
    } else {
        (false, "check-in", "Check in")
    };
    let action = format!("/chapters/{chapter_id}/{route}");
    let (status, set_status) = signal(None::<Result<String, String>>);
    let (percent, set_percent) = signal(None::<u32>);
    let (busy, set_busy) = signal(false);
    let url = action.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        send(
            &ev,
            &url,
            Progress {
                set_status,
                set_percent,
                set_busy,
                set_uploaded,
                landed,
            },
        );
    };
    view! {
        <form method="post" action=action enctype="multipart/form-data" on:submit=on_submit data-testid="upload-form">
            <h3>{if first { "First document" } else { "Check in a new version" }}</h3>
            {(!first).then(|| view! { <p class="muted">"Checking in releases your check-out."</p> })}
            <p>
                <label for="chapter-document">"Document (InDesign, Word, …)"</label>
                <input id="chapter-document" type="file" name="document" required />
            </p>
            <p>
                <label for="chapter-pdf">"PDF of the chapter"</label>
                <input id="chapter-pdf" type="file" name="pdf" accept="application/pdf,.pdf" required />
            </p>
            {may.comment.then(|| view! {
                <p>
                    <label for="chapter-version-comment">"Version comment (optional)"</label>
                    <textarea id="chapter-version-comment" name="comment" rows="2" maxlength=MAX_VERSION_COMMENT_LEN.to_string()></textarea>
                </p>
            })}
            <button type="submit" class="primary" disabled=move || busy.get()>{label}</button>
            {move || percent.get().map(|p| view! {
                <progress max="100" value=p.to_string() aria-label="Upload progress">{format!("{p} %")}</progress>
            })}
            <div aria-live="polite">
                {move || status.get().map(|s| match s {
                    Ok(m) => view! { <p class="notice" role="status">{m}</p> }.into_any(),
                    Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
                })}
            </div>
        </form>
    }
}

/// Where an upload in the browser reports (read by the hydrate build).
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Progress {
    set_status: WriteSignal<Option<Result<String, String>>>,
    set_percent: WriteSignal<Option<u32>>,
    set_busy: WriteSignal<bool>,
    set_uploaded: WriteSignal<usize>,
    landed: WriteSignal<Option<String>>,
}

/// Without the browser bundle the form posts itself.
#[cfg(not(feature = "hydrate"))]
fn send(_: &leptos::ev::SubmitEvent, _: &str, _: Progress) {}

/// Sends the form through `XMLHttpRequest`, reporting its progress.
#[cfg(feature = "hydrate")]
fn send(ev: &leptos::ev::SubmitEvent, url: &str, p: Progress) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let (Ok(data), Ok(xhr)) = (
        web_sys::FormData::new_with_form(&form),
        web_sys::XmlHttpRequest::new(),
    ) else {
        // The plain post goes ahead.
        return;
    };
    if xhr.open("POST", url).is_err()
        || xhr
            .set_request_header("Accept", "application/json")
            .is_err()
    {
        return;
    }
    ev.prevent_default();
    p.set_busy.set(true);
    p.set_status.set(None);
    p.set_percent.set(Some(0));
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                let share = (e.loaded() / e.total() * 100.0).clamp(0.0, 100.0);
                // Clamped to 0..=100 above, so the cast cannot truncate.
                p.set_percent.set(Some(share.round() as u32));
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    progress.forget();
    let answer = xhr.clone();
    let done = Closure::<dyn FnMut()>::new(move || {
        p.set_busy.set(false);
        p.set_percent.set(None);
        let status = answer.status().unwrap_or(0);
        let text = answer.response_text().ok().flatten().unwrap_or_default();
        if status == 200 {
            let number = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["version"].as_i64())
                .unwrap_or_default();
            p.set_uploaded.update(|n| *n += 1);
            p.landed.set(Some(format!("Version {number} is in.")));
            form.reset();
        } else {
            let message = serde_json::from_str::<crate::error::AppError>(&text)
                .map(|e| e.to_string())
                .unwrap_or_else(|_| format!("The upload was refused (status {status})."));
            p.set_status.set(Some(Err(message)));
        }
    });
    xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
    done.forget();
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        p.set_busy.set(false);
        p.set_status.set(Some(Err(
            "The server could not be reached. Check your connection and try again.".into(),
        )));
    }
}
