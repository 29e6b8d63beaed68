//! `POST /api/v1/tickets/{id}/relations`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::TicketId;
use guichet_service::input::RelationInput;
use guichet_service::tickets::relations::add_relation;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::RelationJson;

/// Relates this ticket (parent or master) to `target`.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/relations", tag = "relations", params(("id" = i64, Path)), request_body = RelationInput,
    responses((status = 201, body = RelationJson), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RelationInput>,
) -> ApiResult<(StatusCode, Json<RelationJson>)> {
    let relation = add_relation(&state.ctx, &actor_of(&user), TicketId(id), input).await?;
    Ok((StatusCode::CREATED, Json(relation.into())))
}
