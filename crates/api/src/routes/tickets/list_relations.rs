//! `GET /api/v1/tickets/{id}/relations`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::TicketId;
use guichet_service::tickets::read::relations;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::RelationJson;

/// Relations of this ticket, from either end.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/relations", tag = "relations", params(("id" = i64, Path)),
    responses((status = 200, body = [RelationJson]), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<RelationJson>>> {
    let found = relations(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(found.into_iter().map(RelationJson::from).collect()))
}
