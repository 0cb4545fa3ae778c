//! One project's chapters (CtrlPrint): their order, status, whether they
//! are active, and who holds which level on each. Administrators add,
//! rename, move, delete, switch off and on and finish chapters and set
//! levels; members with InCopy or InDesign check a chapter out ("Edit
//! chapter") and unlock it again, administrators unlock anyone's lock.
//! Each form shows only where `core` allows it, and each is a plain form
//! that works without JavaScript.

use imprimatur_core::{Permission, Principal, authorize};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{Outcome, SignedInOnly, route_id};
use crate::components::refresh::reloads;
use crate::documents::api::{
    CheckOutChapter, CreateChapter, DeleteChapter, MoveChapter, RenameChapter, SetChapterActive,
    SetChapterDone, SetChapterLevel, UnlockChapter, list_chapters,
};
use crate::documents::model::{
    ChapterRow, ChapterStatus, LEVELS, MAX_CHAPTER_NAME_LEN, MemberChoice, level_slug,
};
use crate::model::CurrentUser;

#[component]
pub fn ProjectChaptersPage() -> impl IntoView {
    view! {
        <Title text="Project" />
        <SignedInOnly view=|user: CurrentUser| view! { <Chapters user /> } />
    }
}

#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateChapter>,
    rename: ServerAction<RenameChapter>,
    moved: ServerAction<MoveChapter>,
    delete: ServerAction<DeleteChapter>,
    active: ServerAction<SetChapterActive>,
    done: ServerAction<SetChapterDone>,
    level: ServerAction<SetChapterLevel>,
    check_out: ServerAction<CheckOutChapter>,
    unlock: ServerAction<UnlockChapter>,
}

#[component]
fn Chapters(user: CurrentUser) -> impl IntoView {
    let id = route_id();
    let a = Actions {
        create: ServerAction::new(),
        rename: ServerAction::new(),
        moved: ServerAction::new(),
        delete: ServerAction::new(),
        active: ServerAction::new(),
        done: ServerAction::new(),
        level: ServerAction::new(),
        check_out: ServerAction::new(),
        unlock: ServerAction::new(),
    };
    let reload = [
        reloads(move || a.create.value().get().map(|r| r.map(|_| ()))),
        reloads(move || a.rename.value().get()),
        reloads(move || a.moved.value().get()),
        reloads(move || a.delete.value().get()),
        reloads(move || a.active.value().get()),
        reloads(move || a.done.value().get()),
        reloads(move || a.level.value().get()),
        reloads(move || a.check_out.value().get()),
        reloads(move || a.unlock.value().get()),
    ];
    let page = Resource::new(
        move || (id(), reload.map(|r| r.get())),
        |(id, _)| list_chapters(id),
    );
    let me = Principal::User(user.principal.clone());
    let my_id = user.id;
    view! {
        <section class="card">
            <p><a href="/projects">"All projects"</a></p>
            <Outcome value=Signal::derive(move || a.create.value().get()) ok=|_| "Chapter added.".to_string() />
            <Outcome value=Signal::derive(move || a.rename.value().get()) ok=|_| "Chapter renamed.".to_string() />
            <Outcome value=Signal::derive(move || a.moved.value().get()) ok=|_| "Chapter moved.".to_string() />
            <Outcome value=Signal::derive(move || a.delete.value().get()) ok=|_| "Chapter deleted.".to_string() />
            <Outcome value=Signal::derive(move || a.active.value().get()) ok=|_| "Chapter switched.".to_string() />
            <Outcome value=Signal::derive(move || a.done.value().get()) ok=|_| "Chapter status changed.".to_string() />
            <Outcome value=Signal::derive(move || a.level.value().get()) ok=|_| "Level saved.".to_string() />
            <Outcome value=Signal::derive(move || a.check_out.value().get()) ok=|_| "Chapter checked out: nobody else edits it until you unlock it.".to_string() />
            <Outcome value=Signal::derive(move || a.unlock.value().get()) ok=|_| "Chapter unlocked.".to_string() />
            <Transition fallback=|| view! { <p class="muted">"Loading chapters…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match page.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(p) => {
                                let project = p.project.resource();
                                let may_create = authorize(&me, Permission::ChaptersCreate, &project).is_allowed();
                                let members = p.members.clone();
                                view! {
                                    <h1>{p.project.name.clone()}</h1>
                                    <p class="muted">{p.project.company_name.clone()}" · "<a href=format!("/projects/{}/access", p.project.id)>"Chapter access at a glance"</a>
                                        {(!p.chapters.is_empty()).then(|| view! {
                                            " · "<a href=format!("/projects/{}/combined.pdf", p.project.id) download="" data-testid="combined-pdf">"Combined PDF"</a>
                                        })}
                                    </p>
                                    {p.chapters.is_empty().then(|| view! { <p class="muted">"No chapters to show."</p> })}
                                    <ol class="orders" data-testid="chapters">
                                        {p.chapters.into_iter().map(|row| view! {
                                            <Chapter row me=me.clone() my_id members=members.clone() a />
                                        }).collect_view()}
                                    </ol>
                                    {may_create.then(|| view! {
                                        <ActionForm action=a.create attr:class="inline">
                                            <input type="hidden" name="project_id" value=p.project.id.to_string() />
                                            <label>"New chapter" <input name="name" required maxlength=MAX_CHAPTER_NAME_LEN.to_string() data-testid="chapter-name" /></label>
                                            <button type="submit" class="primary">"Add chapter"</button>
                                        </ActionForm>
                                    })}
                                }.into_any()
                            }
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Chapter(
    row: ChapterRow,
    me: Principal,
    /// The signed-in member's account, to tell their own lock.
    my_id: i64,
    members: Vec<MemberChoice>,
    a: Actions,
) -> impl IntoView {
    let c = row.chapter.clone();
    let on_chapter = c.resource();
    let may = |p: Permission| {
        let r = if p.resource_kind() == on_chapter.kind {
            on_chapter.clone()
        } else {
            c.project()
        };
        authorize(&me, p, &r).is_allowed()
    };
    let rename = may(Permission::ChapterRenameReorder);
    let delete = may(Permission::ChaptersDelete);
    let toggle = may(Permission::ChaptersToggleActive);
    let finish = may(Permission::ChapterSetDone);
    let levels = may(Permission::ChapterSetPermissions) && !members.is_empty();
    let id = c.id;
    let done = c.status == ChapterStatus::Done;
    let mine = c.lock.as_ref().map(|l| l.user_id == my_id);
    let check_out = c.lock.is_none()
        && !done
        && c.active
        && may(Permission::DocumentsAccessEdit)
        && may(Permission::DocumentsEditText);
    let unlock = match mine {
        Some(true) => may(Permission::ChapterUnlockOwn).then(|| "Unlock".to_string()),
        Some(false) => may(Permission::ChapterUnlockOthers).then(|| {
            format!(
                "Unlock (held by {})",
                c.lock.as_ref().map_or("", |l| l.name.as_str())
            )
        }),
        None => None,
    };
    let lock = c.lock.as_ref().map(|l| {
        if mine == Some(true) {
            format!("Checked out by you since {}", l.since)
        } else {
            format!("Checked out by {} since {}", l.name, l.since)
        }
    });
    let state = format!(
        "{} · {}",
        c.status.label(),
        if c.active { "active" } else { "inactive" }
    );
    let held = row.levels.clone();
    let pdf = c.status != ChapterStatus::Template && may(Permission::DocumentsAccessPdf);
    view! {
        <li class="order" data-testid="chapter" data-name=c.name.clone()>
            <div class="order-head">
                <strong><a href=format!("/projects/{}/chapters/{}", c.project_id, c.id) data-testid="chapter-link">{c.name.clone()}</a></strong>
                <span class="muted" data-testid="chapter-state">{state}</span>
                {pdf.then(|| view! {
                    <a href=format!("/chapters/{id}/pdf") download="" aria-label=format!("PDF of {}", c.name)>"PDF"</a>
                })}
            </div>
            {lock.map(|l| view! { <p class="muted" data-testid="chapter-lock">{l}</p> })}
            {check_out.then(|| view! {
                <ActionForm action=a.check_out attr:class="inline">
                    <input type="hidden" name="chapter_id" value=id.to_string() />
                    <button type="submit" class="primary">"Edit chapter"</button>
                </ActionForm>
            })}
            {unlock.map(|label| view! {
                <ActionForm action=a.unlock attr:class="inline">
                    <input type="hidden" name="chapter_id" value=id.to_string() />
                    <button type="submit" class="secondary">{label}</button>
                </ActionForm>
            })}
            <table class="levels">
                <thead><tr><th>"Member"</th><th>"Level"</th></tr></thead>
                <tbody>
                    {held.is_empty().then(|| view! { <tr><td colspan="2" class="muted">"Nobody holds a level here."</td></tr> })}
                    {held.into_iter().map(|l| view! {
                        <tr><td>{format!("{} <{}>", l.name, l.email)}</td><td>{l.level.label()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {rename.then(|| {
                let (up, down, name) = (id.to_string(), id.to_string(), c.name.clone());
                let renamed = id.to_string();
                view! {
                    <ActionForm action=a.moved attr:class="inline">
                        <input type="hidden" name="chapter_id" value=up />
                        <input type="hidden" name="up" value="true" />
                        <button type="submit" class="secondary">"Move up"</button>
                    </ActionForm>
                    <ActionForm action=a.moved attr:class="inline">
                        <input type="hidden" name="chapter_id" value=down />
                        <input type="hidden" name="up" value="false" />
                        <button type="submit" class="secondary">"Move down"</button>
                    </ActionForm>
                    <details class="edit">
                        <summary>"Rename"</summary>
                        <ActionForm action=a.rename attr:class="inline">
                            <input type="hidden" name="chapter_id" value=renamed />
                            <label>"Name" <input name="name" value=name required maxlength=MAX_CHAPTER_NAME_LEN.to_string() /></label>
                            <button type="submit" class="secondary">"Save"</button>
                        </ActionForm>
                    </details>
                }
            })}
            {toggle.then(|| view! {
                <ActionForm action=a.active attr:class="inline">
                    <input type="hidden" name="chapter_id" value=id.to_string() />
                    <input type="hidden" name="active" value=(!c.active).to_string() />
                    <button type="submit" class="secondary">{if c.active { "Inactivate" } else { "Activate" }}</button>
                </ActionForm>
            })}
            {finish.then(|| view! {
                <ActionForm action=a.done attr:class="inline">
                    <input type="hidden" name="chapter_id" value=id.to_string() />
                    <input type="hidden" name="done" value=(!done).to_string() />
                    <button type="submit" class="secondary">{if done { "Reopen" } else { "Mark as done" }}</button>
                </ActionForm>
            })}
            {delete.then(|| view! {
                <ActionForm action=a.delete attr:class="inline">
                    <input type="hidden" name="chapter_id" value=id.to_string() />
                    <button type="submit" class="secondary">"Delete"</button>
                </ActionForm>
            })}
            {levels.then(|| view! {
                <ActionForm action=a.level attr:class="inline">
                    <input type="hidden" name="chapter_id" value=id.to_string() />
                    <label>"Member"
                        <select name="user_id">
                            {members.into_iter().map(|m| view! {
                                <option value=m.user_id.to_string()>{format!("{} <{}>", m.name, m.email)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>"Level"
                        <select name="level">
                            {LEVELS.into_iter().map(|l| view! { <option value=level_slug(l)>{l.label()}</option> }).collect_view()}
                            <option value="none">"No level"</option>
                        </select>
                    </label>
                    <button type="submit" class="secondary">"Set level"</button>
                </ActionForm>
            })}
        </li>
    }
}
