//! One chapter (CtrlPrint): its name, status, lock and who holds which
//! level on it; its comments (every level comments and changes a
//! comment's status, administrators delete comments) and, for
//! administrators, its log with a CSV download. Each form shows only
//! where `core` allows it, and each is a plain form that works without
//! JavaScript.

use imprimatur_core::{Permission, Principal, authorize};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::documents::api::{
    AddComment, DeleteComment, SetCommentStatus, chapter_log, list_chapters, list_comments,
};
use crate::documents::comment_model::{
    ChapterComment, ChapterLog, CommentStatus, MAX_COMMENT_LEN, MAX_COMMENT_PAGE,
};
use crate::documents::model::{ChapterRow, ChapterStatus, ProjectFacts};
use crate::documents::pages::files::{ChapterFiles, FilesMay};
use crate::error::AppError;
use crate::model::CurrentUser;

#[component]
pub fn ChapterPage() -> impl IntoView {
    view! {
        <Title text="Chapter" />
        <SignedInOnly view=|user: CurrentUser| view! { <Chapter user /> } />
    }
}

/// The route's numeric `:id` (the project) and `:chapter` (0 when not a
/// number, which the server answers with "no such …").
fn route_ids() -> impl Fn() -> (i64, i64) + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        let read = params.read();
        let number = |k: &str| {
            read.get(k)
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or_default()
        };
        (number("id"), number("chapter"))
    }
}

#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddComment>,
    status: ServerAction<SetCommentStatus>,
    delete: ServerAction<DeleteComment>,
}

/// What the page shows: the chapter as its project lists it, its
/// comments and, for those who may read it, its log.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Loaded {
    project: ProjectFacts,
    row: ChapterRow,
    comments: Vec<ChapterComment>,
    log: Option<ChapterLog>,
}

async fn load(me: Principal, project: i64, chapter: i64) -> Result<Loaded, AppError> {
    let page = list_chapters(project).await?;
    let row = page
        .chapters
        .into_iter()
        .find(|r| r.chapter.id == chapter)
        .ok_or_else(|| AppError::NotFound("There is no such chapter.".into()))?;
    let comments = list_comments(chapter).await?;
    let log = if authorize(&me, Permission::ChapterViewLogs, &row.chapter.resource()).is_allowed() {
        Some(chapter_log(chapter).await?)
    } else {
        None
    };
    Ok(Loaded {
        project: page.project,
        row,
        comments,
        log,
    })
}

#[component]
fn Chapter(user: CurrentUser) -> impl IntoView {
    let ids = route_ids();
    let a = Actions {
        add: ServerAction::new(),
        status: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let reload = [
        reloads(move || a.add.value().get().map(|r| r.map(|_| ()))),
        reloads(move || a.status.value().get()),
        reloads(move || a.delete.value().get()),
    ];
    let (landed, set_landed) = signal(None::<String>);
    let me = Principal::User(user.principal.clone());
    let my_id = user.id;
    let loader = me.clone();
    let page = Resource::new(
        move || (ids(), reload.map(|r| r.get()), landed.get()),
        move |((project, chapter), _, _)| load(loader.clone(), project, chapter),
    );
    view! {
        <section class="card">
            <Transition fallback=|| view! { <p class="muted">"Loading the chapter…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match page.await {
                            Err(e) => view! {
                                <p><a href="/projects">"All projects"</a></p>
                                <p class="error" role="alert">{e.to_string()}</p>
                            }.into_any(),
                            Ok(l) => view! { <ChapterView l me my_id a landed set_landed /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ChapterView(
    l: Loaded,
    me: Principal,
    my_id: i64,
    a: Actions,
    landed: ReadSignal<Option<String>>,
    set_landed: WriteSignal<Option<String>>,
) -> impl IntoView {
    let c = l.row.chapter.clone();
    let here = c.resource();
    let may = |p: Permission| authorize(&me, p, &here).is_allowed();
    let may_add = may(Permission::CommentsAdd);
    let may_status = may(Permission::CommentsChangeStatus);
    let may_delete = may(Permission::CommentsDelete);
    let state = format!(
        "{} · {}",
        c.status.label(),
        if c.active { "active" } else { "inactive" }
    );
    let lock = match &c.lock {
        Some(l) if l.user_id == my_id => format!("Checked out by you since {}.", l.since),
        Some(l) => format!("Checked out by {} since {}.", l.name, l.since),
        None => "Nobody has it checked out.".to_string(),
    };
    let done = c.status == ChapterStatus::Done;
    let id = c.id;
    let levels = l.row.levels.clone();
    let comments = l.comments.clone();
    let files = FilesMay::for_viewer(&me, my_id, &c, c.status == ChapterStatus::Template);
    view! {
        <p>
            <a href="/projects">"All projects"</a>" · "
            <a href=format!("/projects/{}", l.project.id)>{format!("Back to {}", l.project.name)}</a>
        </p>
        <h1 data-testid="chapter-title">{c.name.clone()}</h1>
        <p class="muted">{l.project.name.clone()}" · "{l.project.company_name.clone()}</p>
        <dl class="facts">
            <dt>"Status"</dt><dd data-testid="chapter-state">{state}</dd>
            <dt>"Lock"</dt><dd data-testid="chapter-lock">{lock}</dd>
        </dl>
        <h2 id="levels-heading">"Levels"</h2>
        <table class="levels" aria-labelledby="levels-heading">
            <thead><tr><th scope="col">"Member"</th><th scope="col">"Level"</th></tr></thead>
            <tbody>
                {levels.is_empty().then(|| view! { <tr><td colspan="2" class="muted">"Nobody holds a level here."</td></tr> })}
                {levels.into_iter().map(|h| view! {
                    <tr><td>{format!("{} <{}>", h.name, h.email)}</td><td>{h.level.label()}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <div aria-live="polite">
            {move || landed.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        </div>
        <ChapterFiles chapter_id=id may=files landed=set_landed />
        <h2 id="comments-heading">"Comments"</h2>
        <Outcome value=Signal::derive(move || a.add.value().get()) ok=|_| "Comment added.".to_string() />
        <Outcome value=Signal::derive(move || a.status.value().get()) ok=|_| "Comment status saved.".to_string() />
        <Outcome value=Signal::derive(move || a.delete.value().get()) ok=|_| "Comment deleted.".to_string() />
        {comments.is_empty().then(|| view! { <p class="muted">"No comments yet."</p> })}
        <ol class="orders" aria-labelledby="comments-heading" data-testid="comments">
            {comments.into_iter().map(|k| view! {
                <Comment k may_status may_delete a />
            }).collect_view()}
        </ol>
        {may_add.then(|| view! {
            <ActionForm action=a.add attr:class="stack" attr:data-testid="add-comment">
                <input type="hidden" name="chapter_id" value=id.to_string() />
                {done.then(|| view! { <p class="muted">"This chapter is done; comments still reach its administrators."</p> })}
                <label for="comment-body">"Comment"</label>
                <textarea id="comment-body" name="body" required rows="4" maxlength=MAX_COMMENT_LEN.to_string() data-testid="comment-body"></textarea>
                <label for="comment-page">"Page (optional)"</label>
                <input id="comment-page" name="page" type="number" min="1" max=MAX_COMMENT_PAGE.to_string() inputmode="numeric" data-testid="comment-page" />
                <button type="submit" class="primary">"Add comment"</button>
            </ActionForm>
        })}
        {l.log.map(|log| view! { <Log log chapter=id /> })}
    }
}

#[component]
fn Comment(k: ChapterComment, may_status: bool, may_delete: bool, a: Actions) -> impl IntoView {
    let page = k
        .page
        .map(|p| format!("Page {p}"))
        .unwrap_or_else(|| "Whole chapter".to_string());
    let changed = k
        .status_changed
        .as_ref()
        .map(|(by, at)| format!(" · status set by {by}, {at}"));
    let select_id = format!("comment-status-{}", k.id);
    let id = k.id;
    let status = k.status;
    view! {
        <li class="order" data-testid="comment" data-status=status.slug()>
            <div class="order-head">
                <strong>{k.author.clone()}</strong>
                <span class="muted">{format!("{} · {page}", k.created_at)}</span>
            </div>
            <p data-testid="comment-body">
                {k.body.lines().enumerate().map(|(i, line)| view! {
                    {(i > 0).then(|| view! { <br /> })}
                    {line.to_string()}
                }).collect_view()}
            </p>
            <p class="muted" data-testid="comment-status">{format!("Status: {}", status.label())}{changed}</p>
            {may_status.then(|| {
                let select_id = select_id.clone();
                view! {
                    <ActionForm action=a.status attr:class="inline">
                        <input type="hidden" name="comment_id" value=id.to_string() />
                        <label for=select_id.clone()>"Status"</label>
                        <select id=select_id name="status">
                            {CommentStatus::ALL.into_iter().map(|s| view! {
                                <option value=s.slug() selected=s == status>{s.label()}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="secondary">"Save status"</button>
                    </ActionForm>
                }
            })}
            {may_delete.then(|| view! {
                <ActionForm action=a.delete attr:class="inline">
                    <input type="hidden" name="comment_id" value=id.to_string() />
                    <button type="submit" class="secondary" aria-label=format!("Delete the comment by {} of {}", k.author, k.created_at)>"Delete"</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn Log(log: ChapterLog, chapter: i64) -> impl IntoView {
    let note = if log.more {
        format!(
            "Showing the latest {} records; download the CSV for the same records as a file.",
            log.limit
        )
    } else {
        format!("{} records, newest first.", log.rows.len())
    };
    view! {
        <h2 id="log-heading">"Log"</h2>
        <p class="muted" data-testid="log-note">{note}</p>
        <p>
            <a class="button secondary-light" href=format!("/chapters/{chapter}/log.csv") download data-testid="download-log">
                "Download log (CSV)"
            </a>
        </p>
        <div class="table-scroll" role="region" aria-labelledby="log-heading" tabindex="0">
            <table class="levels" data-testid="chapter-log">
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Detail"</th>
                    </tr>
                </thead>
                <tbody>
                    {log.rows.into_iter().map(|r| {
                        let who = match (r.who, r.acting_admin) {
                            (Some(w), Some(admin)) => format!("{w} (by {admin})"),
                            (Some(w), None) => w,
                            (None, _) => "—".to_string(),
                        };
                        let what = if r.outcome == "ok" { r.what } else { format!("{} ({})", r.what, r.outcome) };
                        view! {
                            <tr data-action=r.action>
                                <td>{r.at}</td>
                                <td>{who}</td>
                                <td>{what}</td>
                                <td>{r.detail}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
