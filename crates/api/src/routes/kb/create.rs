//! `POST /api/v1/answers`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use guichet_service::actor_of;
use guichet_service::knowledge::AnswerBody;
use guichet_service::knowledge::create::create_answer;

use super::views::AnswerJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;

/// Writes an answer (supporters): at least one version, each with a
/// title and a Markdown body.
#[utoipa::path(post, path = "/api/v1/answers", tag = "knowledge base", request_body = AnswerBody,
    responses((status = 201, body = AnswerJson), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<(StatusCode, Json<AnswerJson>)> {
    let answer = create_answer(&state.ctx, &actor_of(&user), &body).await?;
    Ok((StatusCode::CREATED, Json(answer.into())))
}
