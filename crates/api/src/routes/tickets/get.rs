//! `GET /api/v1/tickets/{id}`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::TicketId;
use guichet_service::tickets::read::visible_ticket;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::TicketJson;

/// One ticket; 404 if it does not exist or the caller may not see it.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = TicketJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TicketJson>> {
    let view = visible_ticket(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(TicketJson::of(&state.ctx, view)))
}
