//! `GET /healthz`: is the database answering?

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::AppState;

/// 200 when the database answers, with what a commit promises there
/// (`normal` or `full`); 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200), (status = 503)))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let checked = match state.ctx.ping().await {
        Ok(()) => state.ctx.durability().await,
        Err(error) => Err(error),
    };
    match checked {
        Ok(durability) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": state.ctx.backend(), "durability": durability })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": state.ctx.backend() })),
            )
        }
    }
}
