//! `PUT /api/v1/answers/{id}`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::AnswerId;
use guichet_service::actor_of;
use guichet_service::knowledge::AnswerBody;
use guichet_service::knowledge::update::update_answer;

use super::views::AnswerJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;

/// Replaces an answer (supporters).
#[utoipa::path(put, path = "/api/v1/answers/{id}", tag = "knowledge base", params(("id" = i64, Path)), request_body = AnswerBody,
    responses((status = 200, body = AnswerJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<Json<AnswerJson>> {
    Ok(Json(
        update_answer(&state.ctx, &actor_of(&user), AnswerId(id), &body)
            .await?
            .into(),
    ))
}
