//! The stylesheet and the two small scripts, compiled into the binary.

use axum::http::header;
use axum::response::IntoResponse;

/// `GET /static/guichet.css`.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/guichet.css"),
    )
}

/// `GET /static/confirm.js`: submits a confirmation link's form by itself.
pub async fn confirm_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/confirm.js"),
    )
}

/// `GET /static/similar.js`: suggests similar solved cases as the submit
/// form is filled in.
pub async fn similar_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/similar.js"),
    )
}
