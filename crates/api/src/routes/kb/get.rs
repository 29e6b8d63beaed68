//! `GET /api/v1/answers/{id}`.

use axum::Json;
use axum::extract::State;

use guichet_domain::ids::AnswerId;
use guichet_service::knowledge::read::get_answer;

use super::viewer;
use super::views::AnswerJson;
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;

/// One answer; an internal one is not found but by supporters.
#[utoipa::path(get, path = "/api/v1/answers/{id}", tag = "knowledge base", params(("id" = i64, Path)),
    responses((status = 200, body = AnswerJson), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    user: MaybeUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AnswerJson>> {
    Ok(Json(
        get_answer(&state.ctx, viewer(&user).as_ref(), AnswerId(id))
            .await?
            .into(),
    ))
}
