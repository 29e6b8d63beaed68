//! `POST /api/v1/tickets/{id}/route`: apply the routing rules.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::TicketId;
use guichet_service::tickets::route::apply_routing_rules;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::TicketJson;

/// Assigns the unit the ticket's type of issue maps to (first-level triage).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/route", tag = "tickets", params(("id" = i64, Path)),
    responses((status = 200, body = TicketJson), (status = 422, body = ErrorBody)))]
pub async fn route(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TicketJson>> {
    let view = apply_routing_rules(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(TicketJson::of(&state.ctx, view)))
}
