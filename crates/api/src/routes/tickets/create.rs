//! `POST /api/v1/tickets`: open a ticket.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_service::input::CreateTicketInput;
use guichet_service::tickets::create::create_ticket;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::views::TicketJson;

/// Opens a ticket. It goes to first-level support, or to the affected site's unit.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = CreateTicketInput,
    responses((status = 201, body = TicketJson), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(input): ApiJson<CreateTicketInput>,
) -> ApiResult<(StatusCode, Json<TicketJson>)> {
    let view = create_ticket(&state.ctx, &actor_of(&user), input).await?;
    Ok((StatusCode::CREATED, Json(TicketJson::of(&state.ctx, view))))
}
