//! `GET /api/v1/answers/{id}/tickets`: the tickets citing an answer.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::AnswerId;
use guichet_service::knowledge::read::citing_tickets;

use super::viewer;
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::TicketJson;

/// The tickets citing an answer that the caller may see, by id.
#[utoipa::path(get, path = "/api/v1/answers/{id}/tickets", tag = "knowledge base", params(("id" = i64, Path)),
    responses((status = 200, body = [TicketJson]), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    user: MaybeUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<TicketJson>>> {
    let views = citing_tickets(&state.ctx, viewer(&user).as_ref(), AnswerId(id)).await?;
    Ok(Json(views.into_iter().map(|v| TicketJson::of(&state.ctx, v)).collect()))
}
