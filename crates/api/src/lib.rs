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
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use guichet_service::Context;

use crate::routes::{
    admin, attention, confirmations, download, health, kb, me, rota, search, session, similar, tickets,
};

/// Limits and settings of the HTTP channel.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Largest JSON body accepted, in bytes.
    pub max_json_bytes: usize,
    /// Whether the client's address is the last one of `X-Forwarded-For`
    /// (behind a reverse proxy) rather than the connection's peer.
    pub trust_forwarded_for: bool,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            max_json_bytes: 2 * 1024 * 1024,
            trust_forwarded_for: false,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases' context: store, clock, limits.
    pub ctx: Context,
    /// The channel's own limits.
    pub config: Arc<ApiConfig>,
    /// Metrics registry.
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    /// State over `ctx` with `config`.
    pub fn new(ctx: Context, config: ApiConfig) -> Self {
        Self {
            ctx,
            config: Arc::new(config),
            metrics: Arc::default(),
        }
    }
}

/// Every documented route, each declared once: the router and the OpenAPI
/// document are both derived from this list and the handlers' annotations.
fn documented_routes(state: &AppState) -> OpenApiRouter<AppState> {
    let attachments = OpenApiRouter::new()
        .routes(routes!(tickets::upload::upload, tickets::list_attachments::list))
        .layer(DefaultBodyLimit::max(state.ctx.limits().max_attachment_bytes));
    let api = OpenApiRouter::new()
        .routes(routes!(tickets::create::create, tickets::list::list))
        .routes(routes!(search::search))
        .routes(routes!(similar::similar))
        .routes(routes!(tickets::get::get, tickets::update::update))
        .routes(routes!(tickets::add_article::add, tickets::list_articles::list))
        .routes(routes!(tickets::history::list))
        .routes(routes!(tickets::add_relation::add, tickets::list_relations::list))
        .routes(routes!(tickets::remove_relation::remove))
        .routes(routes!(tickets::route::route))
        .routes(routes!(tickets::escalation::state, tickets::escalation::escalate))
        .routes(routes!(
            tickets::subscription::get,
            tickets::subscription::put,
            tickets::subscription::delete
        ))
        .routes(routes!(tickets::subscription::list))
        .routes(routes!(tickets::verification::verify_ticket))
        .routes(routes!(tickets::rating::get))
        .routes(routes!(confirmations::confirm))
        .routes(routes!(me::preferences, me::set_preferences))
        .routes(routes!(me::subscriptions))
        .routes(routes!(attention::get))
        .routes(routes!(download::download))
        .routes(routes!(admin::users::list, admin::users::create))
        .routes(routes!(admin::users::get, admin::users::update, admin::users::delete))
        .routes(routes!(admin::units::list, admin::units::create))
        .routes(routes!(admin::units::get, admin::units::update, admin::units::delete))
        .routes(routes!(admin::sites::list, admin::sites::create))
        .routes(routes!(admin::sites::get, admin::sites::update, admin::sites::delete))
        .routes(routes!(admin::vos::list, admin::vos::create))
        .routes(routes!(admin::vos::get, admin::vos::update, admin::vos::delete))
        .routes(routes!(admin::issue_types::list, admin::issue_types::create))
        .routes(routes!(
            admin::issue_types::get,
            admin::issue_types::update,
            admin::issue_types::delete
        ))
        .routes(routes!(admin::routing_rules::list, admin::routing_rules::set))
        .routes(routes!(admin::routing_rules::delete))
        .routes(routes!(admin::calendars::list))
        .routes(routes!(admin::calendars::set_deployment))
        .routes(routes!(admin::calendars::import))
        .routes(routes!(admin::calendars::set_unit, admin::calendars::remove_unit))
        .routes(routes!(session::sign_in, session::sign_out))
        .merge(rota_routes())
        .merge(kb_routes())
        .layer(DefaultBodyLimit::max(state.config.max_json_bytes));
    OpenApiRouter::with_openapi(openapi::base())
        .merge(api)
        .merge(attachments)
        .routes(routes!(health::healthz))
        .routes(routes!(metrics::metrics))
}

/// The rota's routes: `/api/v1/rota…`, and its parts of sites and `me`.
/// The knowledge base, the portal's links and tickets' citations.
fn kb_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(kb::list::list, kb::create::create))
        .routes(routes!(kb::get::get, kb::update::update, kb::delete::delete))
        .routes(routes!(kb::citing::list))
        .routes(routes!(kb::categories::list, kb::categories::create))
        .routes(routes!(kb::categories::rename, kb::categories::delete))
        .routes(routes!(kb::portal_links::list, kb::portal_links::create))
        .routes(routes!(kb::portal_links::update, kb::portal_links::delete))
        .routes(routes!(tickets::promote::promote))
        .routes(routes!(tickets::citations::list, tickets::citations::add))
        .routes(routes!(tickets::citations::remove))
}

fn rota_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rota::year::get))
        .routes(routes!(rota::generate::generate))
        .routes(routes!(rota::on_shift::get))
        .routes(routes!(rota::history::list))
        .routes(routes!(rota::swaps::list, rota::swaps::propose))
        .routes(routes!(rota::swaps::decide))
        .routes(routes!(rota::weeks::set))
        .routes(routes!(rota::sites::blackouts, rota::sites::set_site_blackouts))
        .routes(routes!(rota::sites::contacts, rota::sites::set_contacts))
        .routes(routes!(rota::sites::shifts))
        .routes(routes!(rota::feeds::site_list, rota::feeds::site_create))
        .routes(routes!(rota::feeds::site_revoke))
        .routes(routes!(rota::feeds::my_list, rota::feeds::my_create))
        .routes(routes!(rota::feeds::my_revoke))
}

/// The JSON API alone: every other path answers a JSON 404.
pub fn router(state: AppState) -> Router {
    let not_found = Router::new().fallback(|| async { error::ApiError::not_found("route") });
    router_with_pages(state, not_found)
}

/// The JSON API under `/api`, `/healthz` and `/metrics`, and `pages` for
/// every other path (the web channel). Unknown paths under `/api` still
/// answer the API's JSON 404.
pub fn router_with_pages(state: AppState, pages: Router) -> Router {
    let (routes, document) = documented_routes(&state).split_for_parts();
    let document = Arc::new(openapi::complete(document));
    routes
        .route("/api/openapi.json", get(move || openapi::serve(document.clone())))
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { error::ApiError::not_found("route") }),
        )
        .method_not_allowed_fallback(|| async { error::ApiError::method_not_allowed() })
        .fallback_service(pages)
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` completes; handlers can
/// read each connection's peer address (`ConnectInfo<SocketAddr>`).
pub async fn serve_app(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Serves the JSON API alone on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_app(listener, router(state), shutdown).await
}
