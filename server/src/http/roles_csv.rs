//! `GET /roles.csv[?family=slug]`: the role matrix as a CSV download, for
//! signed-in people who may use the portal. A GET that changes nothing.

use axum::extract::{Query, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use imprimatur_app::error::AppError;
use imprimatur_app::ssr::RequestIdentity;
use imprimatur_core::Family;
use serde::Deserialize;

use crate::roles_matrix;

#[derive(Deserialize)]
pub struct Params {
    family: Option<String>,
}

pub async fn roles_csv(Query(params): Query<Params>, request: Request) -> Response {
    let Some(identity) = request.extensions().get::<RequestIdentity>() else {
        return AppError::not_signed_in().into_response();
    };
    if !identity.user.may_use_portal() {
        return AppError::Forbidden("Your role does not include the web portal.".to_string())
            .into_response();
    }
    let family = match params.family.as_deref() {
        None | Some("") => None,
        Some(slug) => match Family::ALL.iter().copied().find(|f| f.slug() == slug) {
            Some(f) => Some(f),
            None => {
                return AppError::Invalid(format!(
                    "There is no role family called \u{201c}{slug}\u{201d}."
                ))
                .into_response();
            }
        },
    };
    let filename = match family {
        Some(f) => format!("imprimatur-roles-{}.csv", f.slug()),
        None => "imprimatur-roles.csv".to_string(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        roles_matrix::csv(family),
    )
        .into_response()
}
