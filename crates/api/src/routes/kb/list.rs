//! `GET /api/v1/answers`: the answers the caller may read.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};

use guichet_domain::ids::{CategoryId, UnitId};
use guichet_service::knowledge::read::list_answers;

use super::viewer;
use super::views::AnswerJson;
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::{ApiError, ApiResult, ErrorBody};

fn id(params: &HashMap<String, String>, field: &str) -> ApiResult<Option<i64>> {
    params
        .get(field)
        .filter(|raw| !raw.trim().is_empty())
        .map(|raw| {
            raw.trim()
                .parse()
                .map_err(|_| ApiError::invalid(field, format!("{field} must be a whole number")))
        })
        .transpose()
}

/// The answers the caller may read (public ones without credentials), by
/// id; `unit` gives that unit's FAQ, `category` that category's answers.
#[utoipa::path(get, path = "/api/v1/answers", tag = "knowledge base",
    params(("unit" = Option<i64>, Query), ("category" = Option<i64>, Query)),
    responses((status = 200, body = [AnswerJson]), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    user: MaybeUser,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<AnswerJson>>> {
    let unit = id(&params, "unit")?.map(UnitId);
    let category = id(&params, "category")?.map(CategoryId);
    let answers = list_answers(&state.ctx, viewer(&user).as_ref(), unit, category).await?;
    Ok(Json(answers.into_iter().map(AnswerJson::from).collect()))
}
