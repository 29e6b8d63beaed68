//! The web channel: server-rendered pages for requesters, shifters,
//! supporters and administrators, in French and English, over the same use
//! cases and permission checks as the JSON API. Pages work without
//! JavaScript and load nothing from outside the server.
//!
//! `guichet serve` merges [`router`] with the API's: the API answers under
//! `/api`, these pages everywhere else.

mod assets;
mod csrf;
mod error;
pub mod i18n;
mod layout;
mod markdown;
mod pages;
mod reasons;
mod sanitise;
mod visit;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use guichet_service::Context;

pub use i18n::{Catalogs, Lang};

/// Settings of the web channel.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// The address people open, e.g. `https://helpdesk.example.org`: with
    /// https, cookies are marked Secure.
    pub public_url: Option<String>,
    /// Whether the client's address is the last one of `X-Forwarded-For`
    /// (behind a reverse proxy) rather than the connection's peer; sign-in
    /// throttling counts failures per address.
    pub trust_forwarded_for: bool,
}

impl WebConfig {
    /// Whether cookies must only travel over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }
}

/// What every page handler can reach.
#[derive(Clone)]
pub struct WebState {
    /// The use cases' context.
    pub ctx: Context,
    /// The message catalogs.
    pub catalogs: Arc<Catalogs>,
    /// The channel's settings.
    pub config: Arc<WebConfig>,
}

impl WebState {
    /// State over `ctx` with `config`.
    pub fn new(ctx: Context, config: WebConfig) -> Self {
        Self {
            ctx,
            catalogs: Arc::new(Catalogs::load()),
            config: Arc::new(config),
        }
    }
}

/// Every page, with an HTML 404 for unknown paths.
pub fn router(state: WebState) -> Router {
    // A form may carry a few files, each up to the attachment limit.
    let form_limit = state.ctx.limits().max_attachment_bytes.saturating_mul(4) + (1 << 20);
    Router::new()
        .route("/", get(pages::landing::show))
        .route("/sign-in", get(pages::sign_in::form).post(pages::sign_in::submit))
        .route("/sign-out", post(pages::sign_in::sign_out))
        .route("/lang/{code}", get(pages::language::switch))
        .route("/go", get(pages::go::go))
        .route("/search", get(pages::search::show))
        .route(
            "/preferences",
            get(pages::preferences::form).post(pages::preferences::save),
        )
        .route("/tickets/mine", get(pages::tickets::mine::show))
        .route("/tickets/public", get(pages::tickets::public::show))
        .route("/attention", get(pages::attention::show))
        .route("/queues", get(pages::queues::index))
        .route("/queues/first-level", get(pages::queues::first_level))
        .route("/queues/{unit}", get(pages::queues::unit))
        .route(
            "/tickets/new",
            get(pages::tickets::new::form)
                .post(pages::tickets::new::submit)
                .layer(DefaultBodyLimit::max(form_limit)),
        )
        .route("/tickets/similar", get(pages::similar::fragment))
        .route("/tickets/{number}", get(pages::tickets::show::show))
        .route("/tickets/{number}/articles", post(pages::tickets::actions::write))
        .route("/tickets/{number}/status", post(pages::tickets::actions::status))
        .route("/tickets/{number}/verify", post(pages::tickets::actions::verify))
        .route("/tickets/{number}/reopen", post(pages::tickets::actions::reopen))
        .route("/tickets/{number}/route", post(pages::tickets::actions::route))
        .route("/tickets/{number}/priority", post(pages::tickets::actions::priority))
        .route("/tickets/{number}/follow", post(pages::tickets::actions::follow))
        .route("/tickets/{number}/involve", post(pages::tickets::actions::involve))
        .route("/tickets/{number}/escalation", post(pages::tickets::actions::escalate))
        .route(
            "/tickets/{number}/subscription",
            post(pages::tickets::actions::subscription),
        )
        .route("/tickets/{number}/relations", post(pages::tickets::actions::relate))
        .route(
            "/tickets/{number}/relations/{relation}/remove",
            post(pages::tickets::actions::unrelate),
        )
        .route("/tickets/{number}/citations", post(pages::tickets::actions::cite))
        .route(
            "/tickets/{number}/citations/remove",
            post(pages::tickets::actions::uncite),
        )
        .merge(pages::kb::routes())
        .merge(pages::admin::routes())
        .merge(pages::rota::routes())
        .route("/static/guichet.css", get(assets::stylesheet))
        .route("/static/confirm.js", get(assets::confirm_script))
        .route("/static/similar.js", get(assets::similar_script))
        .route(
            "/confirm/{token}",
            get(pages::confirm::show).post(pages::confirm::perform),
        )
        .route("/confirm/{token}/rating", post(pages::confirm::rate))
        .fallback(pages::not_found::show)
        .with_state(state)
}
