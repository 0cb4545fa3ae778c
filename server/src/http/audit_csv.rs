//! `GET /audit.csv?action=&outcome=&email=`: the audit trail a person may
//! see (the viewer's filter, up to 1,000 events) as a CSV download.

use axum::extract::{Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use imprimatur_app::error::AppError;
use imprimatur_app::model::AuditQuery;
use imprimatur_app::ssr::RequestIdentity;
use imprimatur_core::{Filter, Permission, Principal, ResourceKind, visibility};
use serde::Deserialize;

use super::AppState;
use crate::audit;
use crate::roles_matrix::escape_csv;

#[derive(Deserialize)]
pub struct Params {
    #[serde(default)]
    action: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    email: String,
}

pub async fn audit_csv(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    request: Request,
) -> Response {
    let Some(identity) = request.extensions().get::<RequestIdentity>() else {
        return AppError::not_signed_in().into_response();
    };
    let me = Principal::User(identity.user.principal.clone());
    let filter = visibility(&me, Permission::AuditView, ResourceKind::AuditLog);
    if filter == Filter::None {
        return AppError::Forbidden("None of your roles lets you see the audit trail.".into())
            .into_response();
    }
    if params.email.len() > 254 || params.action.len() > 64 || params.outcome.len() > 16 {
        return AppError::Invalid("The filter is too long.".into()).into_response();
    }
    let query = AuditQuery {
        action: params.action,
        outcome: params.outcome,
        email: params.email,
        limit: AuditQuery::MAX_LIMIT,
    };
    let rows = match audit::list(&state.db, &filter, &query).await {
        Ok(rows) => rows,
        Err(e) => return AppError::from(e).into_response(),
    };
    let mut out = String::from(
        "id,at,action,outcome,actor,acting_admin,subject,company_id,client_addr,detail\n",
    );
    for r in rows {
        let fields = [
            r.id.to_string(),
            r.at,
            r.action,
            r.outcome,
            r.actor.unwrap_or_default(),
            r.real_actor.unwrap_or_default(),
            r.subject.unwrap_or_default(),
            r.company_id.map(|c| c.to_string()).unwrap_or_default(),
            r.client_addr.unwrap_or_default(),
            r.detail,
        ];
        let line: Vec<String> = fields.iter().map(|f| escape_csv(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"imprimatur-audit.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}
