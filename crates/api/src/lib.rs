//! The HTTP channel: the JSON API under `/api/v1`, its OpenAPI document,
//! `/healthz` and `/metrics`. Handlers are thin: they extract, call a use
//! case of `guichet-service`, and shape the answer; `error` maps failures.

pub mod auth;
pub mod error;
pub mod json;
pub mod metrics;
pub mod openapi;
pub mod path;
pub mod routes;
pub mod views;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use guichet_store::Store;

use crate::routes::{admin, download, health, session, tickets};

/// Limits and settings of the HTTP channel.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Largest attachment accepted, in bytes.
    pub max_attachment_bytes: usize,
    /// Largest JSON body accepted, in bytes.
    pub max_json_bytes: usize,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            max_attachment_bytes: guichet_service::attachments::DEFAULT_MAX_BYTES,
            max_json_bytes: 2 * 1024 * 1024,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Limits.
    pub config: Arc<ApiConfig>,
    /// Metrics registry.
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    /// State over `store` with `config`.
    pub fn new(store: Arc<dyn Store>, config: ApiConfig) -> Self {
        Self {
            store,
            config: Arc::new(config),
            metrics: Arc::default(),
        }
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let attachments = Router::new()
        .route(
            "/api/v1/tickets/{id}/attachments",
            post(tickets::upload::upload).get(tickets::list_attachments::list),
        )
        .layer(DefaultBodyLimit::max(state.config.max_attachment_bytes));
    let api = Router::new()
        .route(
            "/api/v1/tickets",
            post(tickets::create::create).get(tickets::list::list),
        )
        .route(
            "/api/v1/tickets/{id}",
            get(tickets::get::get).patch(tickets::update::update),
        )
        .route(
            "/api/v1/tickets/{id}/articles",
            post(tickets::add_article::add).get(tickets::list_articles::list),
        )
        .route("/api/v1/tickets/{id}/history", get(tickets::history::list))
        .route(
            "/api/v1/tickets/{id}/relations",
            post(tickets::add_relation::add).get(tickets::list_relations::list),
        )
        .route(
            "/api/v1/tickets/{id}/relations/{relation}",
            axum::routing::delete(tickets::remove_relation::remove),
        )
        .route("/api/v1/tickets/{id}/route", post(tickets::route::route))
        .route("/api/v1/attachments/{id}", get(download::download))
        .route("/api/v1/users", get(admin::users::list).post(admin::users::create))
        .route(
            "/api/v1/users/{id}",
            get(admin::users::get)
                .patch(admin::users::update)
                .delete(admin::users::delete),
        )
        .route("/api/v1/units", get(admin::units::list).post(admin::units::create))
        .route(
            "/api/v1/units/{id}",
            get(admin::units::get)
                .put(admin::units::update)
                .delete(admin::units::delete),
        )
        .route("/api/v1/sites", get(admin::sites::list).post(admin::sites::create))
        .route(
            "/api/v1/sites/{id}",
            get(admin::sites::get)
                .put(admin::sites::update)
                .delete(admin::sites::delete),
        )
        .route("/api/v1/vos", get(admin::vos::list).post(admin::vos::create))
        .route(
            "/api/v1/vos/{id}",
            get(admin::vos::get).put(admin::vos::update).delete(admin::vos::delete),
        )
        .route(
            "/api/v1/issue-types",
            get(admin::issue_types::list).post(admin::issue_types::create),
        )
        .route(
            "/api/v1/issue-types/{id}",
            get(admin::issue_types::get)
                .put(admin::issue_types::update)
                .delete(admin::issue_types::delete),
        )
        .route(
            "/api/v1/routing-rules",
            get(admin::routing_rules::list).put(admin::routing_rules::set),
        )
        .route(
            "/api/v1/routing-rules/{id}",
            axum::routing::delete(admin::routing_rules::delete),
        )
        .route("/api/v1/session", post(session::sign_in).delete(session::sign_out))
        .layer(DefaultBodyLimit::max(state.config.max_json_bytes));
    Router::new()
        .merge(api)
        .merge(attachments)
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .fallback(|| async { error::ApiError::not_found("route") })
        .method_not_allowed_fallback(|| async { error::ApiError::method_not_allowed() })
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}

/// Serves the application on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
