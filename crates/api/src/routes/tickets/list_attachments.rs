//! `GET /api/v1/tickets/{id}/attachments`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::TicketId;
use guichet_service::attachments::attachments;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::AttachmentJson;

/// The ticket's attachments.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/attachments", tag = "attachments", params(("id" = i64, Path)),
    responses((status = 200, body = [AttachmentJson]), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<AttachmentJson>>> {
    let found = attachments(&state.ctx, &actor_of(&user), TicketId(id)).await?;
    Ok(Json(found.into_iter().map(AttachmentJson::from).collect()))
}
