//! Chapter files as plain HTTP, authorized through core like the CSVs:
//!
//! - `POST /chapters/{id}/document`: the first document of an empty
//!   chapter ("Add a new document to the system": InDesign on it);
//! - `POST /chapters/{id}/check-in`: version n+1 from the holder of the
//!   check-out, which it releases;
//! - `GET /chapters/{id}/document` and `GET /chapters/{id}/pdf`, with an
//!   optional `?version=N` (the newest otherwise): a read-only copy of the
//!   document ("Access documents", Read & Comment and up) or its PDF
//!   ("Access PDFs").
//!
//! The uploads are `multipart/form-data` with the fields `document` (any
//! file), `pdf` (a PDF) and an optional `comment` ("Add version
//! comments"). They stream into the storage as they arrive (at most
//! `storage.max_upload_mb` per file; the 2 MiB limit of other requests
//! does not apply here); only the PDF is read back, for its page count.
//! A refused upload leaves nothing behind: the stored files are deleted
//! again and no row is written. A browser posting the form without
//! JavaScript (it accepts `text/html`) is sent back with a 303; scripts
//! get JSON `{"version": n}`.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::{StreamExt, TryStreamExt};
use imprimatur_app::documents::model::ChapterFacts;
use imprimatur_app::documents::version_model::MAX_VERSION_COMMENT_LEN;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::{Client, ClientAddr, RequestIdentity};
use imprimatur_core::{Filter, Permission, Principal, ResourceKind, authorize, visibility};
use serde::Deserialize;

use super::AppState;
use super::assets::Precompressed;
use crate::audit::{self, Event, actor};
use crate::documents::versions::{self, NewVersion};
use crate::documents::{chapters, pdf};
use crate::error::{ServerError, internal};
use crate::storage::{ByteStream, StorageError, Stored};

/// The longest file name kept for a document.
const MAX_FILE_NAME: usize = 200;
/// Room for the form's boundaries, headers and comment besides the files.
const FORM_OVERHEAD: u64 = 1024 * 1024;

/// Is this a request to one of the upload routes (which stream bodies
/// larger than the 2 MiB other requests may carry)?
pub fn is_upload(method: &axum::http::Method, path: &str) -> bool {
    if method != axum::http::Method::POST {
        return false;
    }
    let Some(rest) = path.strip_prefix("/chapters/") else {
        return false;
    };
    let Some((id, tail)) = rest.split_once('/') else {
        return false;
    };
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && matches!(tail, "document" | "check-in")
}

fn identity_and_client(request: &Request) -> Result<(RequestIdentity, Client), AppError> {
    let identity = request
        .extensions()
        .get::<RequestIdentity>()
        .cloned()
        .ok_or_else(AppError::not_signed_in)?;
    let client = Client {
        addr: request.extensions().get::<ClientAddr>().map(|c| c.0),
        user_agent: None,
    };
    Ok((identity, client))
}

fn no_chapter() -> AppError {
    AppError::NotFound("There is no such chapter.".into())
}

/// The chapter, once core allows `permission` on it: 403 before anything
/// is read for a permission no role of the caller's reaches, 403 for a
/// chapter they may see (download) but not do this in, 404 otherwise.
async fn chapter_for(
    state: &AppState,
    who: &RequestIdentity,
    permission: Permission,
    id: i64,
) -> Result<ChapterFacts, AppError> {
    let me = Principal::User(who.user.principal.clone());
    if visibility(&me, permission, ResourceKind::Chapter) == Filter::None {
        return Err(AppError::Forbidden(format!(
            "None of your roles allows \u{201c}{}\u{201d}.",
            permission.label()
        )));
    }
    let chapter = chapters::one(&state.db.read, id)
        .await?
        .ok_or_else(no_chapter)?;
    on_chapter(who, permission, &chapter)?;
    Ok(chapter)
}

fn on_chapter(
    who: &RequestIdentity,
    permission: Permission,
    chapter: &ChapterFacts,
) -> Result<(), AppError> {
    let me = Principal::User(who.user.principal.clone());
    let here = chapter.resource();
    let decision = authorize(&me, permission, &here);
    if decision.is_allowed() {
        return Ok(());
    }
    if authorize(&me, Permission::DocumentsAccessPdf, &here).is_allowed() {
        imprimatur_app::checks::allowed(decision)?;
    }
    Err(no_chapter())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Upload {
    First,
    CheckIn,
}

pub async fn upload_first(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    upload(state, id, request, Upload::First).await
}

pub async fn check_in(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    upload(state, id, request, Upload::CheckIn).await
}

async fn upload(state: AppState, id: i64, request: Request, kind: Upload) -> Response {
    let html = wants_html(request.headers());
    let back = back_to(&state, request.headers());
    match receive(&state, id, request, kind).await {
        Ok((chapter, _)) if html => {
            let to = back.unwrap_or_else(|| {
                format!("/projects/{}/chapters/{}", chapter.project_id, chapter.id)
            });
            (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
        }
        Ok((_, number)) => Json(serde_json::json!({ "version": number })).into_response(),
        Err(Refused::TooLarge(limit)) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            Json(AppError::Invalid(format!(
                "The file is too large: at most {} MiB is accepted.",
                limit / (1024 * 1024)
            ))),
        )
            .into_response(),
        Err(Refused::App(e)) => e.into_response(),
    }
}

/// A browser's own form post (no script asked for JSON).
fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The page the form was posted from, when it is one of ours.
fn back_to(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    if url.origin().ascii_serialization() != state.config.public_origin() {
        return None;
    }
    let mut to = url.path().to_string();
    if let Some(q) = url.query() {
        to.push('?');
        to.push_str(q);
    }
    Some(to)
}

enum Refused {
    /// 413, with the limit in bytes.
    TooLarge(u64),
    App(AppError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::App(e)
    }
}

impl From<ServerError> for Refused {
    fn from(e: ServerError) -> Self {
        Refused::App(e.into())
    }
}

async fn receive(
    state: &AppState,
    id: i64,
    request: Request,
    kind: Upload,
) -> Result<(ChapterFacts, i32), Refused> {
    let (who, client) = identity_and_client(&request)?;
    let permission = match kind {
        Upload::First => Permission::DocumentsAdd,
        Upload::CheckIn => Permission::DocumentsEditText,
    };
    let chapter = chapter_for(state, &who, permission, id).await?;
    // Refused before a byte is stored when it cannot go through now; the
    // transaction decides for good.
    match kind {
        Upload::First => {
            let theirs = chapter.lock.as_ref().filter(|l| l.user_id != who.user.id);
            if chapter.status == imprimatur_app::documents::model::ChapterStatus::Done {
                return Err(AppError::Conflict(format!(
                    "Chapter \u{201c}{}\u{201d} is done: an administrator reopens it before anyone adds a version.",
                    chapter.name
                ))
                .into());
            }
            if !chapter.active {
                return Err(AppError::Conflict(format!(
                    "Chapter \u{201c}{}\u{201d} is inactive: an administrator activates it before anyone adds a version.",
                    chapter.name
                ))
                .into());
            }
            if let Some(lock) = theirs {
                return Err(AppError::Conflict(format!(
                    "Chapter \u{201c}{}\u{201d} is being edited by {} since {}.",
                    chapter.name, lock.name, lock.since
                ))
                .into());
            }
            if versions::find(&state.db.read, chapter.id, None)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(format!(
                    "Chapter \u{201c}{}\u{201d} has a document already: check it out and check in a new version.",
                    chapter.name
                ))
                .into());
            }
        }
        Upload::CheckIn => {
            let mine = chapter
                .lock
                .as_ref()
                .is_some_and(|l| l.user_id == who.user.id);
            let open = chapter.active
                && chapter.status != imprimatur_app::documents::model::ChapterStatus::Done;
            if !(mine && open) {
                return Err(
                    versions::check_in_refusal(&state.db.read, &chapter, who.user.id)
                        .await?
                        .into(),
                );
            }
        }
    }
    let limit = state.config.storage.max_upload_bytes();
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let pdf_limit = state.config.storage.max_pdf_bytes().min(limit);
    if declared.is_some_and(|n| n > limit + pdf_limit + FORM_OVERHEAD) {
        return Err(Refused::TooLarge(limit));
    }
    let boundary = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok())
        .ok_or_else(|| AppError::Invalid("Send the files as multipart/form-data.".to_string()))?;
    let mut stored: Vec<Stored> = Vec::new();
    let result = read_form(state, &who, &chapter, request, boundary, limit, &mut stored).await;
    let outcome = match result {
        Ok(v) => match kind {
            Upload::First => versions::add_first(&state.db, &who, &client, &chapter, &v).await,
            Upload::CheckIn => versions::check_in(&state.db, &who, &client, &chapter, &v).await,
        }
        .map_err(Refused::App),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(number) => Ok((chapter, number)),
        Err(e) => {
            for s in &stored {
                if let Err(err) = state.storage.delete(&s.key).await {
                    tracing::warn!(error = %err, key = s.key, "a refused upload's file stays in the storage");
                }
            }
            Err(e)
        }
    }
}

/// Reads the form's fields in order, streaming each file into the
/// storage (`stored` gets every object written, for the caller to remove
/// on refusal).
async fn read_form(
    state: &AppState,
    who: &RequestIdentity,
    chapter: &ChapterFacts,
    request: Request,
    boundary: String,
    limit: u64,
    stored: &mut Vec<Stored>,
) -> Result<NewVersion, Refused> {
    let constraints = multer::Constraints::new()
        .allowed_fields(vec!["document", "pdf", "comment"])
        .size_limit(
            multer::SizeLimit::new()
                .whole_stream(
                    limit.saturating_add(state.config.storage.max_pdf_bytes()) + FORM_OVERHEAD,
                )
                .for_field("comment", 64 * 1024),
        );
    let body = request.into_body().into_data_stream();
    let mut form = multer::Multipart::with_constraints(body, boundary, constraints);
    let mut document: Option<(Stored, String)> = None;
    let mut pdf_file: Option<Stored> = None;
    let mut comment: Option<String> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(form_error(e, limit)),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "comment" => {
                if comment.is_some() {
                    return Err(twice("comment"));
                }
                let text = field.text().await.map_err(|e| form_error(e, limit))?;
                comment = Some(text);
            }
            "document" | "pdf" => {
                if (name == "document" && document.is_some())
                    || (name == "pdf" && pdf_file.is_some())
                {
                    return Err(twice(&name));
                }
                let file_name = field.file_name().map(file_name);
                let stream: ByteStream = field
                    .map_err(|e| std::io::Error::other(e.to_string()))
                    .boxed();
                let most = if name == "pdf" {
                    state.config.storage.max_pdf_bytes().min(limit)
                } else {
                    limit
                };
                let put = state.storage.put(stream, most).await;
                let object = match put {
                    Ok(o) => o,
                    Err(StorageError::TooLarge { limit }) => return Err(Refused::TooLarge(limit)),
                    Err(StorageError::Io(e)) if e.kind() == std::io::ErrorKind::Other => {
                        tracing::info!(error = %e, "an upload broke off");
                        return Err(AppError::Invalid(
                            "The upload broke off before the files arrived whole; try again."
                                .to_string(),
                        )
                        .into());
                    }
                    Err(e) => return Err(internal(ServerError::Corrupt(e.to_string())).into()),
                };
                stored.push(object.clone());
                if object.size == 0 {
                    return Err(AppError::Invalid(format!(
                        "The {} file is empty.",
                        if name == "pdf" { "PDF" } else { "document" }
                    ))
                    .into());
                }
                if name == "document" {
                    let shown = file_name
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| "document".to_string());
                    document = Some((object, shown));
                } else {
                    pdf_file = Some(object);
                }
            }
            _ => {
                return Err(
                    AppError::Invalid(format!("Unknown field \u{201c}{name}\u{201d}.")).into(),
                );
            }
        }
    }
    let Some((document, document_name)) = document else {
        return Err(AppError::Invalid("Choose the document file to upload.".to_string()).into());
    };
    let Some(pdf_object) = pdf_file else {
        return Err(AppError::Invalid("Choose the chapter's PDF to upload.".to_string()).into());
    };
    let comment = match comment.map(|c| c.trim().to_string()) {
        Some(c) if !c.is_empty() => {
            if c.chars().count() > MAX_VERSION_COMMENT_LEN || c.contains('\0') {
                return Err(AppError::Invalid(format!(
                    "A version comment has at most {MAX_VERSION_COMMENT_LEN} characters."
                ))
                .into());
            }
            on_chapter(who, Permission::CommentsAddVersion, chapter)?;
            Some(c)
        }
        _ => None,
    };
    let pdf_pages = count_pages(state, &pdf_object).await?;
    Ok(NewVersion {
        document,
        document_name,
        pdf: pdf_object,
        pdf_pages,
        comment,
    })
}

fn twice(field: &str) -> Refused {
    AppError::Invalid(format!("The field \u{201c}{field}\u{201d} came twice.")).into()
}

fn form_error(e: multer::Error, limit: u64) -> Refused {
    match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            Refused::TooLarge(limit)
        }
        multer::Error::UnknownField { field_name } => AppError::Invalid(format!(
            "Unknown field \u{201c}{}\u{201d}: the form takes document, pdf and comment.",
            field_name
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control())
                .take(40)
                .collect::<String>()
        ))
        .into(),
        // The parser's own words may carry transport details: logged only.
        other => {
            tracing::info!(error = %other, "an upload's form could not be read");
            AppError::Invalid(
                "The form could not be read: send the document and the PDF as multipart/form-data."
                    .into(),
            )
            .into()
        }
    }
}

/// The last part of an uploaded file's name, one line, at most
/// `MAX_FILE_NAME` characters.
fn file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The PDF's pages, read back from the storage (the parser needs it
/// whole); 422 for a file that is not a PDF.
async fn count_pages(state: &AppState, object: &Stored) -> Result<u32, Refused> {
    let _turn = pdf::parse_turn().await;
    let bytes: Vec<u8> = state
        .storage
        .get(&object.key)
        .await
        .map_err(|e| internal(ServerError::Corrupt(e.to_string())))?
        .try_fold(Vec::new(), |mut all, chunk| async move {
            all.extend_from_slice(&chunk);
            Ok(all)
        })
        .await
        .map_err(|e| internal(ServerError::Corrupt(e.to_string())))?;
    let counted = tokio::task::spawn_blocking(move || pdf::page_count(&bytes))
        .await
        .map_err(|e| internal(ServerError::Join(e)))?;
    counted.map_err(|e| AppError::Invalid(format!("The PDF was not accepted: {e}")).into())
}

#[derive(Debug, Deserialize)]
pub struct Which {
    version: Option<i32>,
}

pub async fn download_document(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(which): Query<Which>,
    request: Request,
) -> Response {
    download(state, id, which, request, false).await
}

pub async fn download_pdf(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(which): Query<Which>,
    request: Request,
) -> Response {
    download(state, id, which, request, true).await
}

async fn download(state: AppState, id: i64, which: Which, request: Request, pdf: bool) -> Response {
    let (who, client) = match identity_and_client(&request) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    drop(request);
    match send(&state, id, which, &who, &client, pdf).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn send(
    state: &AppState,
    id: i64,
    which: Which,
    who: &RequestIdentity,
    client: &Client,
    pdf: bool,
) -> Result<Response, AppError> {
    let permission = if pdf {
        Permission::DocumentsAccessPdf
    } else {
        Permission::DocumentsAccessEdit
    };
    let chapter = chapter_for(state, who, permission, id).await?;
    let version = versions::find(&state.db.read, chapter.id, which.version)
        .await?
        .ok_or_else(|| match which.version {
            Some(n) => AppError::NotFound(format!(
                "Chapter \u{201c}{}\u{201d} has no version {n}.",
                chapter.name
            )),
            // The chapter is there; it only has nothing to download yet.
            None => AppError::Conflict(format!(
                "Chapter \u{201c}{}\u{201d} has no document yet.",
                chapter.name
            )),
        })?;
    let (key, size, sha, name, kind) = if pdf {
        (
            version.pdf_key,
            version.pdf_size,
            version.pdf_sha256,
            format!("{} v{}.pdf", chapter.name, version.number),
            "application/pdf",
        )
    } else {
        (
            version.document_key,
            version.document_size,
            version.document_sha256,
            version.document_name,
            "application/octet-stream",
        )
    };
    let stream = state.storage.get(&key).await.map_err(|e| {
        internal(ServerError::Corrupt(format!(
            "chapter file {key} unreadable: {e}"
        )))
    })?;
    audit::record(
        state.db.writer(),
        Event::new(
            if pdf {
                "chapter.download_pdf"
            } else {
                "chapter.download_document"
            },
            actor(who, client),
        )
        .company(Some(chapter.company_id))
        .chapter(chapter.id)
        .detail(format!("{}: version {}", chapter.name, version.number)),
    )
    .await?;
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size.max(0)));
    if let Ok(v) = HeaderValue::from_str(&format!("\"{sha}\"")) {
        headers.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition(&name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Sent as stored: no compression layer in between (it would drop the
    // Content-Length).
    response.extensions_mut().insert(Precompressed);
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}

/// `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266).
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn only_the_two_upload_routes_are_uploads() {
        let post = axum::http::Method::POST;
        assert!(is_upload(&post, "/chapters/12/document"));
        assert!(is_upload(&post, "/chapters/12/check-in"));
        assert!(!is_upload(
            &axum::http::Method::GET,
            "/chapters/12/document"
        ));
        assert!(!is_upload(&post, "/chapters/12/pdf"));
        assert!(!is_upload(&post, "/chapters//document"));
        assert!(!is_upload(&post, "/chapters/1x/document"));
        assert!(!is_upload(&post, "/api/chapters/1/document"));
    }

    #[test]
    fn file_names_keep_their_last_part_on_one_line() {
        assert_eq!(file_name("C:\\work\\Chapter 1.indd"), "Chapter 1.indd");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("a\nb.docx"), "ab.docx");
    }

    #[test]
    fn download_names_have_an_ascii_fallback_and_the_exact_name() {
        assert_eq!(
            disposition("Kapitel \u{e4}.pdf"),
            "attachment; filename=\"Kapitel _.pdf\"; filename*=UTF-8''Kapitel%20%C3%A4.pdf"
        );
    }
}
