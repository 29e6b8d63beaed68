//! `DELETE /api/v1/tickets/{id}/relations/{relation}`.

use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::{RelationId, TicketId};
use guichet_service::tickets::relations::remove_relation;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;

/// Removes a relation; a slave is unlocked, a parent with no open child resumes.
#[utoipa::path(delete, path = "/api/v1/tickets/{id}/relations/{relation}", tag = "relations",
    params(("id" = i64, Path), ("relation" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath((id, relation)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    remove_relation(&state.ctx, &actor_of(&user), TicketId(id), RelationId(relation)).await?;
    Ok(StatusCode::NO_CONTENT)
}
