//! `GET /work-orders/{id}/codes.csv`: a work order's serial numbers and
//! secure codes (Scantrust: "Download serial number and Scantrust codes
//! from a work order"), for those core lets download them. A GET that
//! changes nothing; the download is audited.

use axum::extract::{Path, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::RequestIdentity;
use imprimatur_core::{
    CompanyId, Filter, Permission, Principal, Resource, ResourceKind, authorize, visibility,
};

use super::AppState;
use crate::accounts::actor;
use crate::audit::{self, Event};
use crate::press::work_orders;

pub async fn codes_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    request: Request,
) -> Response {
    let Some(identity) = request.extensions().get::<RequestIdentity>().cloned() else {
        return AppError::not_signed_in().into_response();
    };
    let client = imprimatur_app::ssr::Client {
        addr: request
            .extensions()
            .get::<imprimatur_app::ssr::ClientAddr>()
            .map(|c| c.0),
        user_agent: None,
    };
    drop(request);
    match codes(&state, id, &identity, &client).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn codes(
    state: &AppState,
    id: i64,
    identity: &RequestIdentity,
    client: &imprimatur_app::ssr::Client,
) -> Result<Response, AppError> {
    let me = Principal::User(identity.user.principal.clone());
    let download = Permission::WorkOrdersDownloadCodes;
    if visibility(&me, download, ResourceKind::WorkOrder) == Filter::None {
        return Err(AppError::Forbidden(format!(
            "None of your roles allows \u{201c}{}\u{201d}.",
            download.label()
        )));
    }
    let missing =
        || AppError::NotFound("There is no such work order, or it has no codes yet.".into());
    let (company, quantity, seed) = work_orders::codes_source(&state.db, id)
        .await?
        .ok_or_else(missing)?;
    let here = Resource::in_company(ResourceKind::WorkOrder, CompanyId(company)).with_id(id);
    let decision = authorize(&me, download, &here);
    if !decision.is_allowed() {
        if authorize(&me, Permission::WorkOrdersView, &here).is_allowed() {
            imprimatur_app::checks::allowed(decision)?;
        }
        return Err(missing());
    }
    let list = work_orders::codes(id, quantity, &seed);
    audit::record(
        state.db.writer(),
        Event::new("work_order.download_codes", actor(identity, client))
            .company(Some(company))
            .detail(format!("#{id}: {} codes", list.len())),
    )
    .await?;
    let mut body = String::with_capacity(list.len() * 40 + 32);
    body.push_str("serial_number,secure_code\n");
    for (serial, code) in list {
        body.push_str(&serial);
        body.push(',');
        body.push_str(&code);
        body.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"work-order-{id}-codes.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}
