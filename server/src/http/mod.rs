//! The HTTP surface: the Leptos app and its server functions, the health
//! check, and the middleware every request passes through.

mod assets;
mod audit_csv;
mod body_limit;
mod chapter_files;
mod chapter_log_csv;
mod codes_csv;
mod combined_pdf;
mod csrf;
mod headers;
mod health;
pub mod request_memo;
mod roles_csv;
mod session_layer;
mod status;
mod text_input;

use std::sync::Arc;

use axum::extract::{FromRef, Path};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Router, middleware};
use imprimatur_app::ssr::{
    PublicUrl, SessionCookieName, SharedAccounts, SharedAuth, SharedPress, SharedShop,
};
use imprimatur_app::{App, shell};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::trace::TraceLayer;

use crate::accounts::ServerAccounts;
use crate::auth::ServerAuth;
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::db::Db;
use crate::documents::ServerDocuments;
use crate::press::ServerPress;
use crate::shop::ServerShop;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub passwords: Passwords,
    /// The WebAuthn relying party, from the configuration.
    pub webauthn: Arc<webauthn_rs::prelude::Webauthn>,
    /// This process's resolved sessions (see `auth::principal_cache`).
    pub principals: Arc<crate::auth::principal_cache::PrincipalCache>,
    /// Chapter files (`[storage]`).
    pub storage: Arc<dyn crate::storage::Storage>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// Fails when the WebAuthn settings do not make a valid relying party.
    pub fn new(config: Arc<Config>, db: Db) -> Result<Self, String> {
        let webauthn = Arc::new(crate::auth::passkeys::relying_party(&config)?);
        let leptos_options = assets::with_hashing(
            LeptosOptions::builder()
                .output_name(config.site.output_name.clone())
                .site_root(config.site.root.clone())
                .site_pkg_dir(config.site.pkg_dir.clone())
                .site_addr(config.server.listen)
                .build(),
        );
        // Two hashes at once: enough for sign-in bursts on two cores, bounded in memory.
        Ok(Self {
            leptos_options,
            db,
            passwords: Passwords::new(2),
            webauthn,
            principals: Arc::default(),
            storage: Arc::new(crate::storage::LocalStorage::new(
                config.storage.dir.clone(),
            )),
            config,
        })
    }
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let auth: SharedAuth = Arc::new(ServerAuth {
        db: state.db.clone(),
        config: state.config.clone(),
        passwords: state.passwords.clone(),
        webauthn: state.webauthn.clone(),
    });
    let accounts: SharedAccounts = Arc::new(ServerAccounts {
        db: state.db.clone(),
        config: state.config.clone(),
        passwords: state.passwords.clone(),
        webauthn: state.webauthn.clone(),
    });
    let shop: SharedShop = Arc::new(ServerShop {
        db: state.db.clone(),
        config: state.config.clone(),
        passwords: state.passwords.clone(),
    });
    let press: SharedPress = Arc::new(ServerPress {
        db: state.db.clone(),
    });
    let documents: imprimatur_app::ssr::SharedDocuments = Arc::new(ServerDocuments {
        db: state.db.clone(),
        storage: state.storage.clone(),
    });
    let cookie_name = SessionCookieName(state.config.session_cookie_name().to_string());
    let public_url = PublicUrl(state.config.server.public_url.clone());
    let context = move || {
        provide_context(auth.clone());
        provide_context(accounts.clone());
        provide_context(shop.clone());
        provide_context(press.clone());
        provide_context(documents.clone());
        provide_context(cookie_name.clone());
        provide_context(public_url.clone());
    };
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let bundle = assets::Assets::start(
        std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref()),
    );
    let pkg = format!("/{}/{{*name}}", options.site_pkg_dir);
    Router::new()
        .route(
            &pkg,
            get(
                move |Path(name): Path<String>, request: HeaderMap| async move {
                    bundle.respond(&name, &request).await
                },
            ),
        )
        .route("/healthz", get(health::healthz))
        .route("/roles.csv", get(roles_csv::roles_csv))
        .route("/audit.csv", get(audit_csv::audit_csv))
        .route("/work-orders/{id}/codes.csv", get(codes_csv::codes_csv))
        .route(
            "/chapters/{id}/document",
            get(chapter_files::download_document).post(chapter_files::upload_first),
        )
        .route("/chapters/{id}/pdf", get(chapter_files::download_pdf))
        .route("/chapters/{id}/check-in", post(chapter_files::check_in))
        .route(
            "/projects/{id}/combined.pdf",
            get(combined_pdf::combined_pdf),
        )
        .route(
            "/chapters/{id}/log.csv",
            get(chapter_log_csv::chapter_log_csv),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            status::from_app_error,
        ))
        .layer(middleware::from_fn(text_input::no_nul_characters))
        .layer(axum::extract::DefaultBodyLimit::max(body_limit::MAX_BODY))
        .layer(middleware::from_fn(body_limit::at_most_2_mib))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session_layer::attach_identity,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            csrf::same_origin_only,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            headers::secure,
        ))
        // Pages, server function answers and CSVs are compressed as they
        // stream; the bundle comes compressed already.
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(assets::not_precompressed)),
        )
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
