//! `GET /projects/{id}/combined.pdf`: the project's chapters as one PDF
//! ("Access PDFs (individual chapters and combined)"). It holds the latest
//! PDF of each *active* chapter the viewer may download (core's
//! `documents.access_pdf` on that chapter: a plain User only the chapters
//! they hold a level on), in chapter order; chapters without a version
//! yet are left out. 403 for someone no role of whom downloads any PDF,
//! 404 for a project whose chapter access the viewer may not see (it is
//! hidden as in the other documents functions) or that does not exist,
//! 409 when none of the active chapters they may download has a PDF yet. A GET that changes nothing but the audit trail
//! (`project.download_combined_pdf`).
//!
//! Memory: the parts are read from the storage one after the other (they
//! have to be in memory for the PDF parser), then merged on a blocking
//! thread that writes the result into a bounded channel of 64 KiB chunks
//! the response body streams from. Each part's bytes are dropped as soon
//! as it is parsed and the combined file is never assembled in memory;
//! the channel's bound makes the merge wait for a slow client. The merge
//! parses every part before it writes its first byte, so a part that does
//! not read as a PDF is still answered with a 500 rather than a cut file.

use std::io::{self, Write};

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use imprimatur_app::documents::model::{ProjectFacts, chapter_resource};
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, ClientAddr, RequestIdentity};
use imprimatur_core::{Filter, Permission, Principal, ResourceKind, authorize, visibility};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::mpsc;

use super::AppState;
use super::assets::Precompressed;
use crate::audit::{self, Event, actor};
use crate::db::entities::{chapter, chapter_version};
use crate::db::visibility::{Columns, condition};
use crate::documents::{pdf, projects};
use crate::error::{ServerError, internal};

/// The size of the chunks the merged PDF is sent in.
const CHUNK: usize = 64 * 1024;
/// How many chunks may wait for the client before the merge waits.
const IN_FLIGHT: usize = 4;
/// At most this many chapters go into one combined PDF.
const MAX_CHAPTERS: u64 = 1000;

pub async fn combined_pdf(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    let Some(identity) = request.extensions().get::<RequestIdentity>().cloned() else {
        return AppError::not_signed_in().into_response();
    };
    let client = Client {
        addr: request.extensions().get::<ClientAddr>().map(|c| c.0),
        user_agent: None,
    };
    drop(request);
    match combined(&state, id, &identity, &client).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

/// One chapter's part of the combined PDF.
struct Part {
    key: String,
    pages: i32,
    size: i64,
}

async fn combined(
    state: &AppState,
    id: i64,
    identity: &RequestIdentity,
    client: &Client,
) -> Result<Response, AppError> {
    let me = Principal::User(identity.user.principal.clone());
    let download = Permission::DocumentsAccessPdf;
    let seen = visibility(&me, download, ResourceKind::Chapter);
    if seen == Filter::None {
        return Err(AppError::Forbidden(format!(
            "None of your roles allows \u{201c}{}\u{201d}.",
            download.label()
        )));
    }
    let missing = || AppError::NotFound("There is no such project.".into());
    let project = projects::one(&state.db, id).await?.ok_or_else(missing)?;
    // As everywhere in documents: a project is there for those who may see
    // its chapter access (core), hidden as if it did not exist otherwise.
    // What of it they get is asked of core chapter by chapter below.
    if !authorize(&me, Permission::ChapterAccessView, &project.resource()).is_allowed() {
        return Err(missing());
    }
    let parts = latest_pdfs(state, &project, &seen, &me).await?;
    if parts.is_empty() {
        return Err(AppError::Conflict(
            "None of the active chapters you may open has a PDF yet.".into(),
        ));
    }
    let pages: i64 = parts.iter().map(|p| i64::from(p.pages)).sum();
    let chapters = parts.len();
    let gathered: u64 = parts
        .iter()
        .map(|p| u64::try_from(p.size).unwrap_or(0))
        .sum();
    let most = state.config.storage.max_combined_bytes();
    if gathered > most {
        return Err(AppError::Conflict(format!(
            "The chapters' PDFs come to {} MiB, more than the {} MiB a combined PDF may gather here; download the chapters one by one.",
            gathered / (1024 * 1024),
            most / (1024 * 1024)
        )));
    }
    // One turn for reading and merging: the parts are held in memory.
    let turn = pdf::parse_turn().await;

    let mut bytes = Vec::with_capacity(parts.len());
    for part in parts {
        let stream = state.storage.get(&part.key).await.map_err(|e| {
            internal(ServerError::Corrupt(format!(
                "chapter PDF {} unreadable: {e}",
                part.key
            )))
        })?;
        let read: Vec<u8> = stream
            .try_fold(Vec::new(), |mut all, chunk| async move {
                all.extend_from_slice(&chunk);
                Ok(all)
            })
            .await
            .map_err(|e| {
                internal(ServerError::Corrupt(format!(
                    "chapter PDF {} unreadable: {e}",
                    part.key
                )))
            })?;
        bytes.push(read);
    }

    let (tx, mut rx) = mpsc::channel::<Result<Bytes, io::Error>>(IN_FLIGHT);
    let merging = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let mut out = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let merged = pdf::merge(bytes, &mut out);
        if let Err(e) = &merged {
            // A body that ends in an error is cut off, not passed off as whole.
            let _ = tx.blocking_send(Err(io::Error::other(e.to_string())));
        }
        merged
    });
    let first = match rx.recv().await {
        Some(Ok(chunk)) => chunk,
        _ => {
            let failed = match merging.await {
                Ok(Err(e)) => ServerError::Corrupt(format!("combined PDF of project {id}: {e}")),
                Ok(Ok(_)) => ServerError::Corrupt(format!("combined PDF of project {id} empty")),
                Err(e) => ServerError::Join(e),
            };
            return Err(internal(failed));
        }
    };

    audit::record(
        state.db.writer(),
        Event::new("project.download_combined_pdf", actor(identity, client))
            .company(Some(project.company_id))
            .detail(format!(
                "{}: {chapters} chapters, {pages} pages",
                project.name
            )),
    )
    .await?;

    let rest = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let body = futures::stream::once(async move { Ok::<Bytes, io::Error>(first) }).chain(rest);
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition(&project)),
        ],
        Body::from_stream(body),
    )
        .into_response();
    // A PDF's streams are compressed already: the page compression layer
    // would only spend CPU on it.
    response.extensions_mut().insert(Precompressed);
    Ok(response)
}

/// The latest version's PDF of each active chapter of the project that
/// `seen` (core's filter) and core's decision let the viewer download, in
/// chapter order: one query for the chapters, one for their latest
/// versions.
async fn latest_pdfs(
    state: &AppState,
    project: &ProjectFacts,
    seen: &Filter,
    me: &Principal,
) -> Result<Vec<Part>, AppError> {
    let id = Expr::col((chapter::Entity, chapter::Column::Id));
    let columns = Columns {
        project: Some(Expr::col((chapter::Entity, chapter::Column::ProjectId))),
        chapter: Some(id.clone()),
        ..Columns::company_rows(
            Some(id),
            Expr::col((chapter::Entity, chapter::Column::CompanyId)),
        )
    };
    let chapters: Vec<(i64, i64, i64)> = chapter::Entity::find()
        .select_only()
        .column(chapter::Column::Id)
        .column(chapter::Column::CompanyId)
        .column(chapter::Column::ProjectId)
        .filter(chapter::Column::ProjectId.eq(project.id))
        .filter(chapter::Column::Active.eq(true))
        .filter(condition(seen, &columns))
        .order_by_asc(chapter::Column::Position)
        .order_by_asc(chapter::Column::Id)
        .limit(MAX_CHAPTERS)
        .into_tuple()
        .all(&state.db.read)
        .await
        .map_err(internal)?;
    // The SQL filter is core's; core is asked once more for each row.
    let ids: Vec<i64> = chapters
        .into_iter()
        .filter(|&(chapter, company, project)| {
            authorize(
                me,
                Permission::DocumentsAccessPdf,
                &chapter_resource(company, project, chapter),
            )
            .is_allowed()
        })
        .map(|(chapter, _, _)| chapter)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // (chapter_id, number) IN (SELECT chapter_id, MAX(number) ... GROUP BY chapter_id)
    let newest = Query::select()
        .column(chapter_version::Column::ChapterId)
        .expr(Expr::col(chapter_version::Column::Number).max())
        .from(chapter_version::Entity)
        .and_where(Expr::col(chapter_version::Column::ChapterId).is_in(ids.clone()))
        .group_by_col(chapter_version::Column::ChapterId)
        .to_owned();
    let latest: Vec<(i64, String, i32, i64)> = chapter_version::Entity::find()
        .select_only()
        .column(chapter_version::Column::ChapterId)
        .column(chapter_version::Column::PdfKey)
        .column(chapter_version::Column::PdfPages)
        .column(chapter_version::Column::PdfSize)
        .filter(
            Expr::tuple([
                Expr::col((chapter_version::Entity, chapter_version::Column::ChapterId)),
                Expr::col((chapter_version::Entity, chapter_version::Column::Number)),
            ])
            .in_subquery(newest),
        )
        .into_tuple()
        .all(&state.db.read)
        .await
        .map_err(internal)?;
    let mut by_chapter: std::collections::HashMap<i64, Part> = latest
        .into_iter()
        .map(|(chapter, key, pages, size)| (chapter, Part { key, pages, size }))
        .collect();
    Ok(ids
        .into_iter()
        .filter_map(|chapter| by_chapter.remove(&chapter))
        .collect())
}

/// `attachment` named after the project: an ASCII fallback (letters,
/// digits, `-`) and the name itself in UTF-8 (RFC 6266 / 5987).
fn disposition(project: &ProjectFacts) -> String {
    let plain = file_stem(&project.name, project.id);
    let mut encoded = String::new();
    for byte in project.name.trim().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if encoded.is_empty() {
        format!("attachment; filename=\"{plain}.pdf\"")
    } else {
        format!("attachment; filename=\"{plain}.pdf\"; filename*=UTF-8''{encoded}.pdf")
    }
}

/// The project's name as a safe ASCII file name stem: runs of anything
/// but letters and digits become one `-`; `project-<id>` when nothing is left.
fn file_stem(name: &str, id: i64) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
        if stem.len() >= 100 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        format!("project-{id}")
    } else {
        stem.to_string()
    }
}

/// Hands what the merge writes to the response body in chunks; waits
/// (blocking its thread) while the channel is full.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(name: &str) -> ProjectFacts {
        ProjectFacts {
            id: 7,
            company_id: 1,
            name: name.into(),
            company_name: "CtrlPrint".into(),
        }
    }

    #[test]
    fn the_file_is_named_after_the_project_in_safe_ascii() {
        assert_eq!(file_stem("Annual Report 2026", 7), "Annual-Report-2026");
        assert_eq!(file_stem("  \"Q3\"/../etc\\passwd  ", 7), "Q3-etc-passwd");
        assert_eq!(file_stem("Årsredovisning 2026", 7), "rsredovisning-2026");
        assert_eq!(file_stem("\u{201c}\u{201d}", 7), "project-7");
        assert!(file_stem(&"a".repeat(500), 7).len() <= 100);
    }

    #[test]
    fn the_disposition_is_an_attachment_with_the_name_in_utf8_too() {
        assert_eq!(
            disposition(&project("Årsredovisning 2026")),
            "attachment; filename=\"rsredovisning-2026.pdf\"; \
             filename*=UTF-8''%C3%85rsredovisning%202026.pdf"
        );
        let header = disposition(&project("a\"b\r\nX-Evil: 1"));
        assert!(!header.contains(['\r', '\n']), "{header}");
        assert_eq!(header.matches('"').count(), 2, "{header}");
    }
}
