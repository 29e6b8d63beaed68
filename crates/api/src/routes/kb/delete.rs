//! `DELETE /api/v1/answers/{id}`.

use axum::extract::State;
use axum::http::StatusCode;

use guichet_domain::ids::AnswerId;
use guichet_service::actor_of;
use guichet_service::knowledge::delete::delete_answer;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;

/// Deletes an answer and the citations of it (supporters).
#[utoipa::path(delete, path = "/api/v1/answers/{id}", tag = "knowledge base", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    delete_answer(&state.ctx, &actor_of(&user), AnswerId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
