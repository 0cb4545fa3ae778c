//! `GET /chapters/{id}/log.csv`: a chapter's log (CtrlPrint: "View
//! chapter logs", administrators) as a CSV download, the latest
//! `LOG_LIMIT` records, newest first. Cells are neutralised against
//! spreadsheet formulas as in /audit.csv. A GET that changes nothing.

use axum::extract::{Path, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use imprimatur_app::documents::comment_model::LOG_LIMIT;
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::RequestIdentity;
use imprimatur_core::{Filter, Permission, Principal, ResourceKind, authorize, visibility};

use super::AppState;
use crate::documents::{chapters, log};
use crate::roles_matrix::escape_csv;

pub async fn chapter_log_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    let Some(identity) = request.extensions().get::<RequestIdentity>().cloned() else {
        return AppError::not_signed_in().into_response();
    };
    drop(request);
    match csv(&state, id, &identity).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn csv(state: &AppState, id: i64, identity: &RequestIdentity) -> Result<Response, AppError> {
    let me = Principal::User(identity.user.principal.clone());
    let logs = Permission::ChapterViewLogs;
    if visibility(&me, logs, ResourceKind::Chapter) == Filter::None {
        return Err(AppError::Forbidden(format!(
            "None of your roles allows \u{201c}{}\u{201d}.",
            logs.label()
        )));
    }
    let missing = || AppError::NotFound("There is no such chapter.".into());
    let chapter = chapters::one(&state.db.read, id)
        .await?
        .ok_or_else(missing)?;
    let here = chapter.resource();
    let decision = authorize(&me, logs, &here);
    if !decision.is_allowed() {
        if authorize(&me, Permission::DocumentsAccessPdf, &here).is_allowed() {
            imprimatur_app::checks::allowed(decision)?;
        }
        return Err(missing());
    }
    let found = log::list(&state.db, &chapter, LOG_LIMIT).await?;
    let mut out = String::from("id,at,action,what,who,acting_admin,outcome,detail\n");
    for r in found.rows {
        let fields = [
            r.id.to_string(),
            r.at,
            r.action,
            r.what,
            r.who.unwrap_or_default(),
            r.acting_admin.unwrap_or_default(),
            r.outcome,
            r.detail,
        ];
        let line: Vec<String> = fields.iter().map(|f| escape_csv(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"chapter-{id}-log.csv\""),
            ),
        ],
        out,
    )
        .into_response())
}
