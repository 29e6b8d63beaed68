//! The first-level support rota: the year's table (`/rota`), generating a
//! year (`/rota/generate`, for coordinators), the swap proposals
//! (`/rota/swaps`), each site's page (`/sites/{id}`), and the public
//! calendar feeds (`/rota/feeds/{secret}.ics`).

pub mod feed;
pub mod feeds;
pub mod generate;
pub mod site;
pub mod swaps;
pub mod year;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::{get, post};

use guichet_domain::role::Role;
use guichet_service::{Actor, ServiceError, User};

use super::admin::Fields;
use crate::WebState;
use crate::csrf;
use crate::error::WebError;
use crate::visit::Visit;

/// Every rota page; `lib.rs` merges them into the router.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/rota", get(year::show))
        .route("/rota/generate", get(generate::form).post(generate::submit))
        .route("/rota/swaps", get(swaps::list).post(swaps::propose))
        .route("/rota/swaps/{id}/{decision}", post(swaps::decide))
        .route("/rota/feeds/{file}", get(feed::calendar))
        .route("/sites/{id}", get(site::show))
        .route("/sites/{id}/blackouts", post(site::blackouts))
        .route("/sites/{id}/contacts", post(site::contacts))
        .route("/sites/{id}/feeds", post(feeds::create_site))
        .route("/sites/{id}/feeds/{feed}/revoke", post(feeds::revoke_site))
        .route("/preferences/feeds", post(feeds::create_mine))
        .route("/preferences/feeds/{feed}/revoke", post(feeds::revoke_mine))
}

/// Whether `user` may generate the rota: the nav's and the table's link.
pub fn may_generate(user: &User) -> bool {
    matches!(user.role, Role::Coordinator | Role::Admin)
}

/// The supporter visiting, or why the rota is not theirs.
pub fn supporter(visit: &Visit) -> Result<Actor, WebError> {
    let (Some(viewer), Some(actor)) = (&visit.viewer, visit.actor()) else {
        return Err(WebError::SignInNeeded);
    };
    if !viewer.role.is_supporter() {
        return Err(WebError::Forbidden);
    }
    Ok(actor)
}

/// The signed-in visitor who sent `form` from our own pages.
pub fn sender(visit: &Visit, headers: &HeaderMap, form: &Fields) -> Result<Actor, WebError> {
    let actor = visit.actor().ok_or(WebError::SignInNeeded)?;
    if !csrf::allows(visit, headers, form.text("csrf")) {
        return Err(WebError::Forged);
    }
    Ok(actor)
}

/// The explanation of a refusal or of invalid input, to show on the form
/// again; other errors stay errors.
pub fn refusal(error: ServiceError) -> Result<String, WebError> {
    match error {
        ServiceError::Refused { message, .. } | ServiceError::Invalid { message, .. } => Ok(message),
        ServiceError::Conflict(message) => Ok(message),
        other => Err(other.into()),
    }
}
