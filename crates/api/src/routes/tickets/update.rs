//! `PATCH /api/v1/tickets/{id}`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::TicketId;
use guichet_service::input::UpdateTicketInput;
use guichet_service::tickets::update::update_ticket;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::views::TicketJson;

/// Changes status (with qualifier and solution), unit, assignee, priority
/// (with justification), involved, cc, site, vo, type, subject, visibility.
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = i64, Path)), request_body = UpdateTicketInput,
    responses((status = 200, body = TicketJson), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<UpdateTicketInput>,
) -> ApiResult<Json<TicketJson>> {
    let view = update_ticket(&state.ctx, &actor_of(&user), TicketId(id), input).await?;
    Ok(Json(TicketJson::of(&state.ctx, view)))
}
