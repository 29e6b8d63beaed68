//! Every path no page answers: an HTML 404 in the visitor's language.

use axum::extract::State;
use axum::response::Response;

use crate::WebState;
use crate::error::{WebError, respond};
use crate::visit::Visit;

/// The 404 page.
pub async fn show(State(state): State<WebState>, visit: Visit) -> Response {
    respond(&state, &visit, Err(WebError::NotFound))
}
