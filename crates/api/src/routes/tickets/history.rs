//! `GET /api/v1/tickets/{id}/history`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::TicketId;
use guichet_service::tickets::read::history;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::HistoryJson;

/// Every field change: who, when, old value, new value.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/history", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = [HistoryJson]), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<HistoryJson>>> {
    let found = history(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(found.into_iter().map(HistoryJson::from).collect()))
}
