//! `POST /api/v1/tickets/{id}/promote`: a solved ticket's solution to the
//! knowledge base.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::ids::TicketId;
use guichet_domain::preferences::Language;
use guichet_service::knowledge::promote::promote as promote_solution;
use guichet_service::{ServiceError, actor_of};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::json::ApiJson;
use crate::path::ApiPath;
use crate::routes::kb::views::AnswerJson;

/// Which version the draft fills.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromoteBody {
    /// `en` (default) or `fr`: the language of the ticket's solution.
    pub language: Option<String>,
}

/// Promotes a solved ticket's solution (supporters): an internal answer
/// titled by the subject, with the last solution as its body, is saved
/// and cited by the ticket; publish it by making it public.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/promote", tag = "knowledge base", params(("id" = i64, Path)), request_body = PromoteBody,
    responses((status = 201, body = AnswerJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn promote(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PromoteBody>,
) -> ApiResult<(StatusCode, Json<AnswerJson>)> {
    let language = match body.language.as_deref() {
        None => Language::En,
        Some(label) => Language::parse(label.trim()).map_err(ServiceError::from)?,
    };
    let answer = promote_solution(&state.ctx, &actor_of(&user), TicketId(id), None, language).await?;
    Ok((StatusCode::CREATED, Json(answer.into())))
}
