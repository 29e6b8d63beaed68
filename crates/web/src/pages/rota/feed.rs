//! `GET /rota/feeds/{secret}.ics`: a calendar feed, for calendar clients,
//! with no sign-in: the secret in the address is the key. An unknown or
//! revoked secret is not found.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use guichet_service::ServiceError;
use guichet_service::rota::feed_calendar;

use crate::WebState;

/// The domain that makes the events' UIDs unique: the public address's
/// host, or the request's.
fn domain(state: &WebState, headers: &HeaderMap) -> String {
    let from_url = state.config.public_url.as_deref().and_then(|url| {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        rest.split(['/', ':']).next().filter(|h| !h.is_empty())
    });
    let from_host = || {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.split(':').next())
            .filter(|h| !h.is_empty())
    };
    from_url.or_else(from_host).unwrap_or("guichet").to_owned()
}

/// `GET /rota/feeds/{secret}.ics`.
pub async fn calendar(State(state): State<WebState>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    let Some(secret) = file.strip_suffix(".ics").filter(|s| !s.is_empty()) else {
        return not_found();
    };
    match feed_calendar(&state.ctx, secret, &domain(&state, &headers)).await {
        Ok(text) => {
            let mut response = text.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            response
        }
        Err(ServiceError::NotFound(_)) => not_found(),
        Err(error) => {
            tracing::error!(%error, "a calendar feed failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "no such calendar feed\n").into_response()
}
